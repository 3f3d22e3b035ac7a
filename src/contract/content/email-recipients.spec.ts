import { emailRecipients, normalAddress } from './email-recipients';

describe('normalAddress', () => {
  it.each([
    ['Ann@Example.COM', 'ann@example.com'],
    ['  ann@example.com ', 'ann@example.com'],
    ['Ann Lee <Ann@Example.com>', 'ann@example.com'],
    ['"Lee, Ann" <ann@example.com> ', 'ann@example.com'],
  ])('writes %p as %p', (given, normal) => {
    expect(normalAddress(given)).toBe(normal);
  });
});

describe('emailRecipients', () => {
  it('lists to, cc and bcc, normalised, each once', () => {
    expect(
      emailRecipients({
        to: ['Ann@example.com', 'bob@example.com'],
        content: { cc: ['CAT@example.com', 'ann@example.com'], bcc: ['dan@example.com'] },
      }),
    ).toEqual(['ann@example.com', 'bob@example.com', 'cat@example.com', 'dan@example.com']);
  });

  it('reads only lists of strings from the content', () => {
    expect(
      emailRecipients({ to: ['ann@example.com'], content: { cc: 'x@y.z', bcc: [7] } }),
    ).toEqual(['ann@example.com']);
  });
});
