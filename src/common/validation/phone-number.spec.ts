import { isE164, normalisePhoneNumber, toE164 } from './phone-number';

/** The numbers the seed documents and Twilio's documentation write in their examples. */
const EXAMPLE_NUMBERS = ['+15559876543', '+15551234567', '+1234567890', '+447700900123'];

describe('toE164', () => {
  it.each(EXAMPLE_NUMBERS)('takes the example number %s by default', (number) => {
    expect(toE164(number)).toBe(number);
  });

  it.each(EXAMPLE_NUMBERS)('refuses the example number %s when numbers must be valid', (number) => {
    expect(toE164(number, 'valid')).toBeUndefined();
  });

  it('takes a number in service under both checks, written with separators', () => {
    expect(toE164(' +1 (415) 555-0100 ')).toBe('+14155550100');
    expect(toE164('+44 20 7946 0958', 'valid')).toBe('+442079460958');
  });

  it('takes a short number its country has, by libphonenumber', () => {
    expect(toE164('+6831234')).toBe('+6831234');
  });

  it.each([
    ['no leading +', '4155550100'],
    ['letters', '+1 415 CALL NOW'],
    ['a country code not in use', '+999 1234 5678'],
    ['seven digits in all, impossible for its country', '+1415555'],
    ['a country code alone', '+1'],
    ['more than 15 digits', '+1234567890123456'],
    ['text around the number', 'call +14155550100'],
  ])('refuses %s', (_label, number) => {
    expect(toE164(number)).toBeUndefined();
    expect(toE164(number, 'valid')).toBeUndefined();
  });
});

describe('isE164', () => {
  it.each([...EXAMPLE_NUMBERS, ' +1 (415) 555-0100 ', '+44 20 7946 0958', '+6831234'])(
    'holds for what %s normalises to, parsed again or just normalised',
    (written) => {
      const normalised = toE164(written);
      expect(normalised).toBeDefined();
      expect(toE164(normalised ?? '')).toBe(normalised);
      expect(isE164(normalised ?? '')).toBe(true);
      expect(normalisePhoneNumber(written)).toBe(normalised);
      expect(isE164(normalised ?? '')).toBe(true);
    },
  );

  it('does not hold for a number whose E.164 form normalises to another, even just normalised', () => {
    expect(normalisePhoneNumber('+262 00280529400')).toBe('+2620280529400');
    expect(toE164('+2620280529400')).toBe('+262280529400');
    expect(isE164('+2620280529400')).toBe(false);
  });

  it('does not hold for a number written otherwise, even just normalised', () => {
    expect(normalisePhoneNumber('+1 (415) 555-0100')).toBe('+14155550100');
    expect(isE164('+1 (415) 555-0100')).toBe(false);
    expect(isE164('+1415555')).toBe(false);
    expect(normalisePhoneNumber('+1415555')).toBeUndefined();
    expect(isE164('+1415555')).toBe(false);
  });
});
