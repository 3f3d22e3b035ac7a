import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The seed documents the product was specified from, read as they are: their example requests
 * are the dialect suites' fixtures, so a dialect is tried with exactly what its users' clients send.
 */
const SEEDS = resolve(__dirname, '../../../shared/seeds');

/** One documented example request: where it goes and, for a POST, its body. */
export interface SeedExample {
  /** Where in the document it stands, for test names. */
  readonly name: string;
  readonly method: 'GET' | 'POST';
  /** Path and query as documented, without scheme and host. */
  readonly path: string;
  readonly body?: Record<string, unknown>;
}

/** The text of the seed whose file name starts with `prefix` (`000`). */
export function seedText(prefix: string): string {
  const file = readdirSync(SEEDS).find((name) => name.startsWith(`${prefix}_`));
  if (!file) throw new Error(`no seed ${prefix} in ${SEEDS}`);
  return readFileSync(resolve(SEEDS, file), 'utf8');
}

/** The end of the JSON object (or Python dict) that opens at `start`, strings skipped. */
function objectEnd(text: string, start: number): number {
  let depth = 0;
  let quoted = false;
  for (let index = start; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '\\') index += 1;
      else if (char === '"') quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === '{') depth += 1;
    else if (char === '}') {
      depth -= 1;
      if (depth === 0) return index + 1;
    }
  }
  throw new Error(`unbalanced object at ${start}`);
}

/** The object literal opening at `start`: JSON, or a Python dict (trailing commas allowed). */
function objectAt(text: string, start: number): Record<string, unknown> {
  const literal = text.slice(start, objectEnd(text, start));
  return JSON.parse(literal.replace(/,(\s*[}\]])/g, '$1')) as Record<string, unknown>;
}

const pathOf = (url: string): string => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
};

/** Every `curl` example: its URL, method (-X, else GET) and `-d '…'` body. */
export function curlExamples(text: string): SeedExample[] {
  const examples: SeedExample[] = [];
  const curl = /curl (?:-X (GET|POST) )?"?(https?:\/\/[^\s"]+)"?/g;
  for (let match = curl.exec(text); match; match = curl.exec(text)) {
    const [whole, method, url] = match as unknown as [string, string | undefined, string];
    const next = text.indexOf('curl ', match.index + whole.length);
    const end = next === -1 ? text.length : next;
    const data = text.indexOf("-d '", match.index);
    const body = data !== -1 && data < end ? objectAt(text, data + 4) : undefined;
    examples.push({
      name: `curl ${method ?? 'GET'} ${pathOf(url)}`,
      method: method === 'POST' ? 'POST' : 'GET',
      path: pathOf(url),
      ...(body ? { body } : {}),
    });
  }
  return examples;
}

/** Every Python client example: `.post("url", json={…})`. */
export function pythonExamples(text: string): SeedExample[] {
  const examples: SeedExample[] = [];
  const post = /\.post\(\s*"(https?:\/\/[^"]+)",\s*json=/g;
  for (let match = post.exec(text); match; match = post.exec(text)) {
    const [, url] = match as unknown as [string, string];
    examples.push({
      name: `python POST ${pathOf(url)}`,
      method: 'POST',
      path: pathOf(url),
      body: objectAt(text, match.index + match[0].length),
    });
  }
  return examples;
}

/** The first JSON object after `marker`, itself after `after` when given. */
export function jsonAfter(text: string, marker: string, after = ''): Record<string, unknown> {
  const from = after === '' ? 0 : text.indexOf(after);
  const at = text.indexOf(marker, from);
  if (from === -1 || at === -1) throw new Error(`no ${marker} after ${after} in the seed`);
  return objectAt(text, text.indexOf('{', at + marker.length));
}
