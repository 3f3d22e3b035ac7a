import { seedText } from './seed-examples';

/** One documented `curl` request, as written in a seed. */
export interface SeedRequest {
  readonly method: string;
  /** Path and query, without the documented host. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON body, parsed; undefined when the request has none. */
  readonly body?: unknown;
}

/** Shell words of one command line: single and double quotes, backslash-newlines joined. */
function shellWords(command: string): string[] {
  const words: string[] = [];
  const pattern = /'([^']*)'|"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (const match of command.matchAll(pattern)) {
    const [, single, double, bare] = match as (string | undefined)[];
    words.push(single ?? double?.replace(/\\(.)/g, '$1') ?? bare ?? '');
  }
  return words;
}

/** The first and last line of every `curl …` command: a quoted body spans lines too. */
function curlSpans(lines: readonly string[]): (readonly [number, number])[] {
  const spans: (readonly [number, number])[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    if (!/^\s*curl\s/.test(lines[index])) continue;
    const first = index;
    let command = lines[index];
    while (
      (command.trimEnd().endsWith('\\') || (command.split("'").length - 1) % 2 === 1) &&
      index + 1 < lines.length
    ) {
      index += 1;
      command = `${command}\n${lines[index]}`;
    }
    spans.push([first, index]);
  }
  return spans;
}

/** Every `curl …` command of a text, its continued lines joined. */
function curlCommands(text: string): string[] {
  const lines = text.split('\n');
  return curlSpans(lines).map(([first, last]) =>
    lines
      .slice(first, last + 1)
      .map((line) => line.trimEnd().replace(/\\$/, ''))
      .join('\n'),
  );
}

function requestOf(command: string): SeedRequest {
  const words = shellWords(command).slice(1);
  let method: string | undefined;
  let url = '';
  let data: string | undefined;
  let asQuery = false;
  const query = new URLSearchParams();
  const headers: Record<string, string> = {};
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index];
    const next = (): string => words[++index] ?? '';
    if (word === '-X') method = next();
    else if (word === '-H') {
      const [name = '', ...value] = next().split(':');
      headers[name.trim().toLowerCase()] = value.join(':').trim();
    } else if (word === '-d' || word === '--data') data = next();
    else if (word === '--get') asQuery = true;
    else if (word === '--data-urlencode') {
      const [name = '', ...value] = next().split('=');
      query.append(name, value.join('='));
    } else if (/^https?:\/\//.test(word)) url = word;
  }
  const parsed = new URL(url);
  const search = asQuery ? `?${query.toString()}` : parsed.search;
  return {
    method: method ?? (data !== undefined && !asQuery ? 'POST' : 'GET'),
    path: `${parsed.pathname}${search}`,
    headers,
    ...(data === undefined ? {} : { body: JSON.parse(data) as unknown }),
  };
}

/** The documented requests of seed `number`, in the order the seed gives them. */
export const seedRequests = (number: string): SeedRequest[] =>
  curlCommands(seedText(number)).map(requestOf);

/** Every JSON object a seed shows on lines of its own (answers and error bodies), in order. */
export function seedAnswers(number: string): Record<string, unknown>[] {
  const answers: Record<string, unknown>[] = [];
  const lines = seedText(number).split('\n');
  const inCommands = new Set(
    curlSpans(lines).flatMap(([first, last]) =>
      Array.from({ length: last - first + 1 }, (_line, offset) => first + offset),
    ),
  );
  for (let index = 0; index < lines.length; index += 1) {
    if (inCommands.has(index) || lines[index].trim() !== '{') continue;
    const block = [lines[index]];
    let depth = 1;
    while (depth > 0 && index + 1 < lines.length) {
      index += 1;
      block.push(lines[index]);
      depth += (lines[index].match(/[{[]/g) ?? []).length;
      depth -= (lines[index].match(/[}\]]/g) ?? []).length;
    }
    answers.push(JSON.parse(block.join('\n')) as Record<string, unknown>);
  }
  return answers;
}

const kindOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;

/**
 * The ways `actual` differs in shape from a documented answer: a documented field missing (unless
 * `optional` names it: a field the seed shows that only some answers carry) or of another JSON
 * type, recursively; an array's items are held to the documented first item. Documented nulls
 * take any value (the seed shows `recipient: null` beside strings).
 */
export function shapeDifferences(
  actual: unknown,
  documented: unknown,
  optional: readonly string[] = [],
  at = '',
): string[] {
  if (documented === null) return [];
  if (kindOf(actual) !== kindOf(documented)) {
    return [`${at || '(answer)'}: ${kindOf(actual)} instead of ${kindOf(documented)}`];
  }
  if (Array.isArray(documented) && Array.isArray(actual)) {
    const [item] = documented as unknown[];
    if (item === undefined) return [];
    return actual.flatMap((value, index) =>
      shapeDifferences(value, item, optional, `${at}[${index}]`),
    );
  }
  if (kindOf(documented) !== 'object') return [];
  const record = actual as Record<string, unknown>;
  return Object.entries(documented as Record<string, unknown>).flatMap(([key, value]) => {
    const path = at ? `${at}.${key}` : key;
    if (!(key in record)) {
      return optional.includes(path.replace(/\[\d+\]/g, '')) ? [] : [`${path}: missing`];
    }
    return shapeDifferences(record[key], value, optional, path);
  });
}
