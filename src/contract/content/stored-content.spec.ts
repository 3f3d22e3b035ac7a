import {
  integer,
  isRecord,
  records,
  stringMap,
  stringOf,
  strings,
  subjectAndBody,
  text,
  texts,
} from './stored-content';

describe('stored content primitives', () => {
  const content = {
    body: 'hello',
    empty: '',
    count: 30,
    ratio: 1.5,
    wrong: 42,
    media: [{ url: 'https://a' }, 'not a record', null, { url: 'https://b' }],
    variables: { '1': 'Ada', '2': 7 },
    list: ['x'],
  };

  it('reads text only from non-empty strings', () => {
    expect(text(content.body)).toBe('hello');
    expect(text(content.empty)).toBeUndefined();
    expect(text(content.wrong)).toBeUndefined();
    expect(text(undefined)).toBeUndefined();
  });

  it('reads a string as stored, the empty one included', () => {
    expect(stringOf(content.empty)).toBe('');
    expect(stringOf(content.wrong)).toBeUndefined();
  });

  it('reads integers only', () => {
    expect(integer(content.count)).toBe(30);
    expect(integer(content.ratio)).toBeUndefined();
    expect(integer(content.body)).toBeUndefined();
  });

  it('reads the records of a list, skipping anything else', () => {
    expect(records(content.media)).toEqual([{ url: 'https://a' }, { url: 'https://b' }]);
    expect(records(content.body)).toEqual([]);
    expect(records([['nested']])).toEqual([]);
  });

  it('reads string maps, keeping only string values', () => {
    expect(stringMap(content.variables)).toEqual({ '1': 'Ada' });
    expect(stringMap(content.list)).toBeUndefined();
    expect(stringMap(undefined)).toBeUndefined();
  });

  it('reads a list of non-empty strings, or a single one', () => {
    expect(texts(['a@example.com', '', 3, 'b@example.com'])).toEqual([
      'a@example.com',
      'b@example.com',
    ]);
    expect(texts('a@example.com')).toEqual(['a@example.com']);
    expect(texts(42)).toEqual([]);
  });

  it('reads the strings of a list only', () => {
    expect(strings(['a', '', 7])).toEqual(['a', '']);
    expect(strings('a')).toEqual([]);
  });

  it('tells records from lists and null', () => {
    expect(isRecord({})).toBe(true);
    expect(isRecord([])).toBe(false);
    expect(isRecord(null)).toBe(false);
  });
});

describe('subjectAndBody', () => {
  it('reads the subject and body as stored, empty text included', () => {
    expect(subjectAndBody({ subject: '', body: 'there' })).toEqual({ subject: '', body: 'there' });
  });

  it('leaves out a subject that is not text', () => {
    expect(subjectAndBody({ subject: 3, body: 'there' })).toEqual({ body: 'there' });
  });

  it('has nothing without a text body', () => {
    expect(subjectAndBody({ subject: 'Hi' })).toBeUndefined();
  });
});
