import type { EmbeddedServer } from './embedded-server';

/**
 * Records that exist on the server, for the path and query parameters that name one: a drawn
 * identifier would only ever meet a 404, and the routes behind it would go untested.
 */
export interface Fixtures {
  /** The development key's app, and a second app that admin routes change. */
  readonly appId: string;
  readonly otherAppId: string;
  readonly keyId: string;
  /** A template the template routes change and delete. */
  readonly templateId: string;
  /** A template nothing changes, for sends and previews. */
  readonly stableTemplateId: string;
  readonly stableTemplateName: string;
  readonly messageId: string;
  /** A scheduled message, which a cancel can still stop. */
  readonly scheduledMessageId: string;
  readonly userId: string;
  readonly notificationId: string;
  readonly broadcastId: string;
  readonly suppressedAddress: string;
  /** A `nextCursor` each list route answered, by route path. */
  readonly cursors: Readonly<Record<string, string>>;
}

export type Caller = 'key' | 'admin';

export interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** One JSON request to the server as a key or admin caller. */
export async function call(
  server: EmbeddedServer,
  caller: Caller,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer> {
  const auth: Record<string, string> =
    caller === 'key'
      ? { 'x-api-key': server.apiKey }
      : { authorization: `Bearer ${server.adminToken}` };
  const res = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? {} : (JSON.parse(text) as Answer['body']) };
}

async function made(
  server: EmbeddedServer,
  caller: Caller,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const answer = await call(server, caller, method, path, body);
  if (answer.status >= 300) {
    throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
  return answer.body;
}

const text = (value: unknown, what: string): string => {
  if (typeof value !== 'string') throw new Error(`no ${what} in the answer`);
  return value;
};

const FAR_FUTURE = '2099-01-01T00:00:00Z';

/**
 * Two of everything a list shows, so that a first page of one has a next cursor. `tag` keeps
 * the names of one seeding apart from another's.
 */
export async function seedFixtures(server: EmbeddedServer, tag: string): Promise<Fixtures> {
  const me = await made(server, 'key', 'GET', '/api/v1/me');
  const appId = text(me.appId, 'appId');
  const otherAppId = text(
    (await made(server, 'admin', 'POST', '/api/v1/apps', { name: `contract-${tag}-a` })).id,
    'app id',
  );
  await made(server, 'admin', 'POST', '/api/v1/apps', { name: `contract-${tag}-b` });
  const keyId = text(
    (await made(server, 'admin', 'POST', `/api/v1/apps/${otherAppId}/keys`, { name: 'old' })).id,
    'key id',
  );
  const template = async (name: string): Promise<string> =>
    text(
      (
        await made(server, 'key', 'POST', '/api/v1/templates', {
          name,
          subject: 'Your receipt',
          text: 'Thanks for your order.',
        })
      ).id,
      'template id',
    );
  const templateId = await template(`receipt_${tag}`);
  // Sends and previews use one that no case changes or deletes, without variables, so that
  // whatever data a case draws renders it.
  const stableTemplateName = `stable_${tag}`;
  const stableTemplateId = await template(stableTemplateName);
  await made(server, 'key', 'POST', '/api/v1/templates', {
    name: `footer_${tag}`,
    kind: 'partial',
    text: 'Acme Inc.',
  });
  const sms = { to: '+14155550100', body: 'Your code is 123456.' };
  const messageId = text(
    (await made(server, 'key', 'POST', '/api/v1/messages/sms', sms)).messageId,
    'message id',
  );
  const scheduledMessageId = text(
    (
      await made(server, 'key', 'POST', '/api/v1/messages/sms', {
        ...sms,
        scheduledAt: FAR_FUTURE,
      })
    ).messageId,
    'message id',
  );
  const userId = `user-${tag}`;
  for (const body of ['Order 2891 shipped.', 'Order 2892 shipped.']) {
    await made(server, 'key', 'POST', '/api/v1/messages/inapp', { userId, body });
  }
  const broadcastId = text(
    (
      await made(server, 'key', 'POST', '/api/v1/broadcasts', {
        subject: 'Maintenance',
        body: 'A maintenance window starts at 22:00 UTC.',
        channels: ['inapp'],
        userId,
      })
    ).broadcastId,
    'broadcast id',
  );
  const suppressedAddress = `blocked-${tag}@example.com`;
  for (const address of [suppressedAddress, `complained-${tag}@example.com`]) {
    await made(server, 'admin', 'POST', '/api/v1/suppressions', { appId, address });
  }
  const inbox = await made(server, 'key', 'GET', `/api/v1/inbox/${userId}?limit=1`);
  const notificationId = text(
    (inbox.data as Record<string, unknown>[] | undefined)?.[0]?.id,
    'notification id',
  );
  const firstPage = async (caller: Caller, path: string): Promise<string> =>
    text((await made(server, caller, 'GET', path)).nextCursor, `next cursor of ${path}`);
  return {
    appId,
    otherAppId,
    keyId,
    templateId,
    stableTemplateId,
    stableTemplateName,
    messageId,
    scheduledMessageId,
    userId,
    notificationId,
    broadcastId,
    suppressedAddress,
    cursors: {
      '/api/v1/apps': await firstPage('admin', '/api/v1/apps?limit=1'),
      '/api/v1/messages': await firstPage('key', '/api/v1/messages?limit=1'),
      '/api/v1/templates': await firstPage('key', '/api/v1/templates?limit=1'),
      '/api/v1/inbox/{userId}': text(inbox.nextCursor, 'inbox cursor'),
      '/v1/messages': text(
        (await made(server, 'key', 'GET', '/v1/messages?limit=1')).cursor,
        'cursor of /v1/messages',
      ),
      '/api/v1/suppressions': await firstPage(
        'admin',
        `/api/v1/suppressions?appId=${appId}&limit=1`,
      ),
    },
  };
}
