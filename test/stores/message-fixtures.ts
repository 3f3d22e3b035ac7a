import { randomBytes } from 'node:crypto';
import type { Attempt, Message } from '../../src/message-log/message.model';
import type { AttemptResult, DispatchClaims } from '../../src/dispatch/dispatch-claims';
import type { MessageLog, MessagePage } from '../../src/message-log/message-log';
import type { ProviderReport } from '../../src/contract/provider-report';

/** The message log and its dispatch claims, of one adapter kind, on the same records. */
export interface MessageStoresFixture {
  readonly log: MessageLog;
  readonly claims: DispatchClaims;
  close(): Promise<void>;
}

export const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** Far enough ahead that a real MongoDB's TTL monitor never removes a document mid-test. */
export const T0 = new Date('2090-01-01T00:00:00Z');
export const at = (offsetMs: number): Date => new Date(T0.getTime() + offsetMs);

export const anApp = (): string => `app_${hex(8)}`;

export function aMessage(appId: string, overrides: Partial<Message> = {}): Message {
  const createdAt = overrides.createdAt ?? T0;
  return {
    id: `msg_${hex(12)}`,
    appId,
    channel: 'sms',
    status: 'QUEUED',
    to: ['+15555550100'],
    content: { body: 'Your code is 123456', segments: 1, encoding: 'GSM-7' },
    metadata: {},
    priority: 5,
    nextAttemptAt: createdAt,
    route: { providerIndex: 0, providerAttempts: 0 },
    attempts: [],
    events: [{ type: 'queued', at: createdAt }],
    providerMessageIds: [],
    createdAt,
    updatedAt: createdAt,
    expiresAt: new Date(createdAt.getTime() + 90 * DAY),
    ...overrides,
  };
}

/** A message sent with `Idempotency-Key: key`, the key alive for 24 h. */
export function keyed(appId: string, key: string, overrides: Partial<Message> = {}): Message {
  const createdAt = overrides.createdAt ?? T0;
  return aMessage(appId, {
    idempotencyKey: key,
    requestHash: 'hash-of-the-body',
    idempotencyExpiresAt: new Date(createdAt.getTime() + DAY),
    ...overrides,
  });
}

export function anAttempt(overrides: Partial<Attempt> = {}): Attempt {
  return {
    provider: 'sandbox-sms',
    status: 'SENT',
    durationMs: 42,
    timestamp: T0,
    ...overrides,
  };
}

export function aResult(attempt: Attempt, overrides: Partial<AttemptResult> = {}): AttemptResult {
  return {
    attempt,
    status: attempt.status,
    route: { providerIndex: 0, providerAttempts: 1 },
    events: [{ type: attempt.status.toLowerCase(), at: attempt.timestamp }],
    ...overrides,
  };
}

/** Twilio's `state`, meaning `status`, seen at `seenAt`. */
export function aReport(
  state: string,
  status: ProviderReport['status'],
  seenAt: Date,
  detail?: string,
): ProviderReport {
  return {
    providerStatus: state,
    ...(status ? { status } : {}),
    event: { type: state, at: seenAt, ...(detail ? { detail } : {}) },
  };
}

export const ids = (page: MessagePage): string[] => page.items.map((message) => message.id);

/** `value` without `key`: what a store returns once it cleared that field. */
export function without<T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> {
  const copy = { ...value };
  Reflect.deleteProperty(copy, key);
  return copy;
}

export const scopeOf = (message: Message) => ({ appId: message.appId });

/** A message its provider took as `sid`: SENT, as the dispatcher records it; stored in `log`. */
export async function insertSent(
  log: MessageLog,
  sid: string,
  overrides: Partial<Message> = {},
): Promise<Message> {
  const message = without(
    aMessage(anApp(), {
      status: 'SENT',
      attempts: [anAttempt({ providerMessageId: sid })],
      events: [
        { type: 'queued', at: T0 },
        { type: 'sent', at: at(SECOND), detail: 'twilio-sms' },
      ],
      providerMessageIds: [sid],
      providerStatus: 'queued',
      updatedAt: at(SECOND),
      ...overrides,
    }),
    'nextAttemptAt',
  );
  await log.insert(message);
  return message;
}

/** Stores of their own for one case, which looks at every app (the sweeper's query, the purge). */
export async function withOwnStores(
  open: () => Promise<MessageStoresFixture>,
  test: (own: MessageStoresFixture) => Promise<void>,
): Promise<void> {
  const own = await open();
  try {
    await test(own);
  } finally {
    await own.close();
  }
}

/** Writes the messages into `log`, one after another. */
export async function insertAll(log: MessageLog, messages: readonly Message[]): Promise<void> {
  for (const message of messages) await log.insert(message);
}

/** Opens the stores before a suite's first case and closes them after its last. */
export function suiteStores(open: () => Promise<MessageStoresFixture>): () => MessageStoresFixture {
  let fixture: MessageStoresFixture | undefined;
  beforeAll(async () => {
    fixture = await open();
  });
  afterAll(async () => {
    await fixture?.close();
  });
  return () => {
    if (!fixture) throw new Error('the stores are open from the first case on');
    return fixture;
  };
}
