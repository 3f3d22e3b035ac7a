import { parse } from 'qs';

/**
 * Query strings with one level of dotted or bracketed keys, so that list filters such as
 * `metadata.order=2891` arrive as `{ metadata: { order: '2891' } }` and can be validated.
 */
export const parseQueryString = (query: string): Record<string, unknown> =>
  parse(query, { allowDots: true, depth: 1, parameterLimit: 100 });
