import type { JsonBounds } from '../config/limits';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

/** A JSON body beyond the bounds: body-parser's error shape (`type`, `status`), answered 400. */
export class JsonBoundsError extends Error {
  readonly status = 400;
  readonly expose = true;

  constructor(
    readonly type: 'entity.too.deep' | 'entity.too.many.elements',
    message: string,
  ) {
    super(message);
    this.name = 'JsonBoundsError';
  }
}

const isBlank = (byte: number): boolean =>
  byte === SPACE || byte === TAB || byte === LF || byte === CR;

/** Where the string that opens at `start` (a quote) closes: just after its closing quote. */
function endOfString(body: Buffer, start: number): number {
  let quote = body.indexOf(QUOTE, start + 1);
  while (quote !== -1) {
    let backslashes = 0;
    while (body[quote - 1 - backslashes] === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return quote + 1;
    quote = body.indexOf(QUOTE, quote + 1);
  }
  return body.length;
}

/**
 * Checks a JSON body against the bounds in one pass over its bytes, before `JSON.parse` builds
 * anything: nesting depth (objects and arrays inside each other) and values (each object and
 * array, and each member and item, so an object in an array counts twice). Strings are skipped with `Buffer.indexOf`, so a body of long strings
 * (base64 attachments) costs little. Throws `JsonBoundsError` at the first byte past a bound.
 *
 * Why a scanner and not a streaming parser: a JavaScript streaming parser (clarinet,
 * stream-json) builds the same values far slower than V8's native `JSON.parse`, and the cost
 * of a body is in the values it makes, which is exactly what the two bounds cap; with them
 * checked first, `JSON.parse` only ever sees a body whose work is bounded. Malformed JSON is
 * left to `JSON.parse` to refuse.
 */
export function checkJsonBounds(body: Buffer, bounds: JsonBounds): void {
  let depth = 0;
  let values = 0;
  /** Just after `{` or `[`: the next non-blank byte starts the first member, unless it closes. */
  let opened = false;
  for (let at = 0; at < body.length;) {
    const byte = body[at];
    if (opened && !isBlank(byte)) {
      opened = false;
      if (byte !== CLOSE_BRACE && byte !== CLOSE_BRACKET) values += 1;
    }
    if (byte === QUOTE) {
      at = endOfString(body, at);
      continue;
    }
    if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      depth += 1;
      values += 1;
      opened = true;
      if (depth > bounds.maxDepth) {
        throw new JsonBoundsError(
          'entity.too.deep',
          `The JSON body nests deeper than ${bounds.maxDepth} levels.`,
        );
      }
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth -= 1;
    } else if (byte === COMMA) {
      values += 1;
    }
    if (values > bounds.maxElements) {
      throw new JsonBoundsError(
        'entity.too.many.elements',
        `The JSON body holds more than ${bounds.maxElements} values.`,
      );
    }
    at += 1;
  }
}
