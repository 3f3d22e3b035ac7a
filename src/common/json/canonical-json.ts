/** Object keys in a fixed order, so that the same request reads the same however it was written. */
const sortedKeys = (_key: string, value: unknown): unknown =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : value;

/** JSON with sorted keys: what an idempotency key's request is compared by. */
export function canonicalJson(body: unknown): string {
  return JSON.stringify(body, sortedKeys);
}
