import { ValidationFailed } from '../errors/api-error';

/**
 * Page cursors are opaque to callers, who pass them back unchanged. They hold a position, not a
 * permission: every query that uses one is still scoped by the caller's rights.
 */
export const encodeCursor = (position: string): string =>
  Buffer.from(position, 'utf8').toString('base64url');

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const position = Buffer.from(cursor, 'base64url').toString('utf8');
  if (position === '' || encodeCursor(position) !== cursor) {
    throw new ValidationFailed([
      { field: 'cursor', code: 'invalid_cursor', message: 'cursor is not one this API returned' },
    ]);
  }
  return position;
}
