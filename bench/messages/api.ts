/** What the bench asks a server over HTTP: counts by status, and a check before measuring. */
import { setTimeout as sleep } from 'node:timers/promises';
import { SMS_BODY } from './options';
import type { Server } from './servers';

export const base = (server: Server): string => `http://127.0.0.1:${server.ready.port}/api/v1`;

interface Answer {
  readonly status: number;
  readonly json: unknown;
}

async function call(
  server: Server,
  path: string,
  init: { method?: string; body?: string; key?: string | null } = {},
): Promise<Answer> {
  const key = init.key === undefined ? server.ready.key : init.key;
  const response = await fetch(`${base(server)}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(key === null ? {} : { 'x-api-key': key }),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  const text = await response.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, json };
}

const field = (value: unknown, name: string): unknown =>
  typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[name]
    : undefined;

/** `total` of the messages with this status, from offset paging with one item. */
export async function countWithStatus(server: Server, status: string): Promise<number> {
  const answer = await call(server, `/messages?status=${status}&offset=0&limit=1&count=true`);
  const total = field(answer.json, 'total');
  if (answer.status !== 200 || typeof total !== 'number') {
    throw new Error(
      `GET /messages?status=${status} answered ${answer.status}: ${JSON.stringify(answer.json)}`,
    );
  }
  return total;
}

/**
 * Before measuring: /me answers, a send is accepted (202, QUEUED) and stays QUEUED (the
 * dispatcher is paused), and a send without a key is refused.
 */
export async function checkServer(server: Server): Promise<void> {
  const problems: string[] = [];
  const me = await call(server, '/me');
  if (me.status !== 200) problems.push(`GET /me answered ${me.status}`);
  const sent = await call(server, '/messages/sms', { method: 'POST', body: SMS_BODY });
  const id = field(sent.json, 'messageId');
  if (sent.status !== 202 || typeof id !== 'string') {
    problems.push(`POST /messages/sms answered ${sent.status} ${JSON.stringify(sent.json)}`);
  } else {
    await sleep(200);
    const stored = await call(server, `/messages/${id}`);
    if (stored.status !== 200 || field(stored.json, 'status') !== 'QUEUED') {
      problems.push(
        `the accepted message should stay QUEUED while the dispatcher is paused: ${stored.status} ${JSON.stringify(stored.json)}`,
      );
    }
  }
  const anonymous = await call(server, '/messages/sms', {
    method: 'POST',
    body: SMS_BODY,
    key: null,
  });
  if (anonymous.status !== 401) problems.push(`a send without a key answered ${anonymous.status}`);
  if (problems.length > 0) {
    throw new Error(
      `${server.label}: the server is not what it should be:\n  ${problems.join('\n  ')}`,
    );
  }
}
