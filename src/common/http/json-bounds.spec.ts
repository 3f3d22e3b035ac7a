import { checkJsonBounds, JsonBoundsError } from './json-bounds';

const BOUNDS = { maxDepth: 4, maxElements: 20 };

const check = (text: string, bounds = BOUNDS): void => {
  checkJsonBounds(Buffer.from(text, 'utf8'), bounds);
};

const failureOf = (text: string, bounds = BOUNDS): JsonBoundsError => {
  try {
    check(text, bounds);
  } catch (error) {
    if (error instanceof JsonBoundsError) return error;
    throw error;
  }
  throw new Error(`${text} passed`);
};

describe('checkJsonBounds', () => {
  it('passes a body within both bounds', () => {
    expect(() => {
      check('{"to": ["a", "b"], "meta": {"k": [1, 2, {"x": null}]}}');
    }).not.toThrow();
  });

  it('passes nesting exactly at the depth bound and refuses one level more', () => {
    expect(() => {
      check('[[[[1]]]]');
    }).not.toThrow();
    const error = failureOf('[[[[[1]]]]]');
    expect(error.type).toBe('entity.too.deep');
    expect(error.status).toBe(400);
    expect(error.message).toContain('4 levels');
  });

  it('counts each object and array, and each member and item', () => {
    const objects = (count: number): string =>
      JSON.stringify(Array.from({ length: count }, (_, i) => ({ [`k${i}`]: i })));
    // 1 array, 7 items, 7 objects, 7 members: 22 values.
    const error = failureOf(objects(7));
    expect(error.type).toBe('entity.too.many.elements');
    expect(error.message).toContain('20 values');
    // 1 array, 6 items, 6 objects, 6 members: 19 values.
    expect(() => {
      check(objects(6));
    }).not.toThrow();
  });

  it('counts an empty container as one value and the items of a non-empty one', () => {
    // 1 array, 4 items, 4 containers: 9 values.
    expect(() => {
      check('[{}, [], {}, []]', { maxDepth: 4, maxElements: 9 });
    }).not.toThrow();
    expect(failureOf('[{}, [], {}, [], 1]', { maxDepth: 4, maxElements: 9 }).type).toBe(
      'entity.too.many.elements',
    );
  });

  it('ignores brackets, braces and commas inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ a: '[[[[[[{{{{,,,,,,,,,,,,,,,,,,,,,,"\\\\"]]]' });
    expect(() => {
      check(text);
    }).not.toThrow();
    expect(() => {
      check(JSON.stringify({ a: 'ends with a backslash \\', b: '[[[[[[[[' }));
    }).not.toThrow();
  });

  it('skips long strings whole: a base64 attachment is one value', () => {
    const body = JSON.stringify({ content: `[{,${'A'.repeat(1024 * 1024)}` });
    expect(() => {
      check(body, { maxDepth: 1, maxElements: 2 });
    }).not.toThrow();
  });

  it('leaves malformed JSON to the parser', () => {
    expect(() => {
      check('{"unterminated": "string');
    }).not.toThrow();
    expect(() => {
      check(']]]]]]');
    }).not.toThrow();
  });
});
