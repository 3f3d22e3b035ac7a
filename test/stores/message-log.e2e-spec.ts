import { getConnectionToken } from '@nestjs/mongoose';
import type { TestingModule } from '@nestjs/testing';
import type { Connection } from 'mongoose';
import { Clock } from '../../src/common/clock/clock';
import type { Message } from '../../src/message-log/message.model';
import { DISPATCH_LOCK_MODEL, DispatchLockSchema } from '../../src/dispatch/dispatch-lock.schema';
import { MemoryDispatchClaims } from '../../src/dispatch/memory-dispatch-claims';
import { MongoDispatchClaims } from '../../src/dispatch/mongo-dispatch-claims';
import { MemoryMessageLog } from '../../src/message-log/memory-message-log';
import { MemoryMessages } from '../../src/message-log/memory-messages';
import { MESSAGE_MODEL, MessageSchema } from '../../src/message-log/message.schema';
import { MongoMessageDocuments } from '../../src/message-log/mongo-message-documents';
import { filterOf } from '../../src/message-log/mongo-message-filter';
import { MongoMessageLog } from '../../src/message-log/mongo-message-log';
import type { MessageQuery } from '../../src/message-log/message-log';
import { NEWEST_FIRST } from '../../src/common/database/keyset';
import { sortOf } from '../../src/common/database/mongo-keyset';
import { expectServedBy } from '../support/query-plans';
import { describeDispatchClaimsContract } from './dispatch-claims.contract';
import { describeClaimCompletionContract } from './dispatch-claims-completion.contract';
import { describeWaitingClaimsContract } from './dispatch-claims-waiting.contract';
import type { MessageStoresFixture } from './message-fixtures';
import { describeMessageLogContract } from './message-log.contract';
import { openMongoModule } from '../support/mongo-module';

/** The memory log and claims, on one table of messages as the messages module wires them. */
function openMemoryStores(): Promise<MessageStoresFixture> {
  const messages = new MemoryMessages();
  return Promise.resolve({
    log: new MemoryMessageLog(messages),
    claims: new MemoryDispatchClaims(messages),
    close: () => Promise.resolve(),
  });
}

/** The Mongo log and claims wired as the messages module wires them, on a database of their own. */
async function openMongoStore(): Promise<TestingModule> {
  return openMongoModule(
    [
      { name: MESSAGE_MODEL, schema: MessageSchema },
      { name: DISPATCH_LOCK_MODEL, schema: DispatchLockSchema },
    ],
    [MongoMessageDocuments, MongoMessageLog, MongoDispatchClaims, Clock],
  );
}

async function openMongoStores(): Promise<MessageStoresFixture> {
  const moduleRef = await openMongoStore();
  return {
    log: moduleRef.get(MongoMessageLog),
    claims: moduleRef.get(MongoDispatchClaims),
    close: () => moduleRef.close(),
  };
}

describeMessageLogContract('memory', openMemoryStores);
describeMessageLogContract('MongoDB (FerretDB)', openMongoStores);
describeDispatchClaimsContract('memory', openMemoryStores);
describeDispatchClaimsContract('MongoDB (FerretDB)', openMongoStores);
describeClaimCompletionContract('memory', openMemoryStores);
describeClaimCompletionContract('MongoDB (FerretDB)', openMongoStores);
describeWaitingClaimsContract('memory', openMemoryStores);
describeWaitingClaimsContract('MongoDB (FerretDB)', openMongoStores);

describe('MongoMessageLog on the server', () => {
  let moduleRef: TestingModule;
  let connection: Connection;
  let store: MongoMessageLog;

  beforeAll(async () => {
    moduleRef = await openMongoStore();
    connection = moduleRef.get<Connection>(getConnectionToken());
    store = moduleRef.get(MongoMessageLog);
  });
  afterAll(async () => {
    await moduleRef.close();
  });

  it('creates its collections and the indexes the server accepts', async () => {
    const collections = (await connection.db?.listCollections().toArray())?.map((c) => c.name);
    expect(collections).toEqual(expect.arrayContaining(['messages']));

    const indexes = await connection.collection('messages').indexes();
    expect(indexes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'app_newest', key: { appId: 1, createdAt: -1, _id: -1 } }),
        expect.objectContaining({
          name: 'app_channel_newest',
          key: { appId: 1, channel: 1, createdAt: -1, _id: -1 },
        }),
        expect.objectContaining({
          name: 'app_status_newest',
          key: { appId: 1, status: 1, createdAt: -1, _id: -1 },
        }),
        expect.objectContaining({
          name: 'app_to_newest',
          key: { appId: 1, to: 1, createdAt: -1, _id: -1 },
        }),
        expect.objectContaining({
          name: 'app_reference_newest',
          key: { appId: 1, reference: 1, createdAt: -1, _id: -1 },
        }),
        expect.objectContaining({ name: 'newest', key: { createdAt: -1, _id: -1 } }),
        expect.objectContaining({
          name: 'status_newest',
          key: { status: 1, createdAt: -1, _id: -1 },
        }),
        expect.objectContaining({ name: 'provider_message_ids', key: { providerMessageIds: 1 } }),
        expect.objectContaining({ name: 'due_pending', key: { status: 1, nextAttemptAt: 1 } }),
        expect.objectContaining({
          name: 'due_expired_claim',
          key: { status: 1, 'claim.expiresAt': 1 },
        }),
      ]),
    );
    const info = await connection.db?.admin().buildInfo();
    const ttl = expect.arrayContaining([
      expect.objectContaining({ key: { expiresAt: 1 }, expireAfterSeconds: 0 }),
    ]);
    // FerretDB 1.24 refuses TTL indexes ("expireAfterSeconds is not implemented yet").
    if (info && 'ferretdbVersion' in info) {
      expect(indexes).not.toEqual(ttl);
    } else {
      expect(indexes).toEqual(ttl);
    }
  });

  /** Each filter of the message list, for one app and across apps, and the index that serves it. */
  const LISTS: readonly (readonly [
    string,
    Omit<MessageQuery, 'limit'>,
    string | undefined,
    string,
  ])[] = [
    ['one app', {}, 'app_1', 'app_newest'],
    ['by channel', { channel: 'sms' }, 'app_1', 'app_channel_newest'],
    ['by status', { status: 'QUEUED' }, 'app_1', 'app_status_newest'],
    ['by recipient', { to: '+14155550100' }, 'app_1', 'app_to_newest'],
    ['by reference', { reference: 'campaign_12345' }, 'app_1', 'app_reference_newest'],
    ['by time', { after: new Date(0), before: new Date() }, 'app_1', 'app_newest'],
    ['by metadata', { metadata: { order: '2891' } }, 'app_1', 'app_newest'],
    ['by status and channel', { status: 'SENT', channel: 'sms' }, 'app_1', 'app_channel_newest'],
    ['every app', {}, undefined, 'newest'],
    ['every app, by status', { status: 'FAILED' }, undefined, 'status_newest'],
    ['every app, by channel', { channel: 'email' }, undefined, 'newest'],
  ];

  it.each(LISTS)(
    'serves the list %s from an index, in its order (no sort in memory)',
    async (_what, query, appId, index) => {
      const list = { filter: filterOf(query, appId), sort: sortOf(NEWEST_FIRST) };
      await expectServedBy(connection.collection('messages'), list, index);
    },
  );

  it('stores no field it was not given: no nulls for absent values', async () => {
    const message: Message = {
      id: 'msg_plain_document',
      appId: 'app_plain',
      channel: 'sms',
      status: 'QUEUED',
      to: ['+15555550100'],
      content: {},
      metadata: {},
      priority: 5,
      route: { providerIndex: 0, providerAttempts: 0 },
      attempts: [],
      events: [],
      providerMessageIds: [],
      createdAt: new Date('2090-01-01T00:00:00Z'),
      updatedAt: new Date('2090-01-01T00:00:00Z'),
      expiresAt: new Date('2090-04-01T00:00:00Z'),
    };
    await store.insert(message);
    const raw = await connection.collection('messages').findOne({ _id: message.id as never });
    expect(Object.keys(raw ?? {}).sort()).toEqual(
      [
        '_id',
        'appId',
        'channel',
        'status',
        'to',
        'content',
        'metadata',
        'priority',
        'route',
        'attempts',
        'events',
        'providerMessageIds',
        'createdAt',
        'updatedAt',
        'expiresAt',
      ].sort(),
    );
  });
});
