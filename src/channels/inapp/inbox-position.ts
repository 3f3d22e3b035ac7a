import type { InboxPosition } from './inbox.model';

const POSITION_TEXT = /^(\d{1,15})\.([A-Za-z0-9_]{1,64})$/;

/** `createdAt ms.id`: the text of a position in page cursors and SSE event ids. */
export const positionText = (position: InboxPosition): string =>
  `${position.createdAt.getTime()}.${position.id}`;

/** The position a text of `positionText` names; undefined for anything else. */
export function parsePosition(text: string): InboxPosition | undefined {
  const match = POSITION_TEXT.exec(text);
  if (!match) return undefined;
  const [, ms = '', id = ''] = match;
  return { createdAt: new Date(Number(ms)), id };
}
