import { getConnectionToken } from '@nestjs/mongoose';
import type { TestingModule } from '@nestjs/testing';
import { type Connection, mongo } from 'mongoose';
import { serialize } from 'node:v8';
import { Clock } from '../../src/common/clock/clock';
import type { MessagePage } from '../../src/message-log/message-log';
import { MESSAGE_MODEL, MessageSchema } from '../../src/message-log/message.schema';
import { MongoMessageDocuments } from '../../src/message-log/mongo-message-documents';
import { MongoMessageLog } from '../../src/message-log/mongo-message-log';
import { openMongoModule } from '../support/mongo-module';
import { aMessage, anApp, at, SECOND } from './message-fixtures';

const MESSAGES = 100;
const MB = 1024 * 1024;

interface Reading {
  readonly page: MessagePage;
  /** BSON bytes of the documents the database answered the list's queries with. */
  readonly received: number;
  /**
   * Bytes the page holds, deep (its structured-clone size). Not the process's memory in use:
   * in one test process, what earlier suites release meanwhile moves that by tens of megabytes
   * either way.
   */
  readonly held: number;
}

describe('a summary list of large emails on MongoDB (FerretDB) reads no bodies', () => {
  let moduleRef: TestingModule;
  let log: MongoMessageLog;
  let received = 0;
  const appId = anApp();

  const reading = async (read: () => Promise<MessagePage>): Promise<Reading> => {
    received = 0;
    const page = await read();
    return { page, received, held: serialize(page).byteLength };
  };

  beforeAll(async () => {
    moduleRef = await openMongoModule(
      [{ name: MESSAGE_MODEL, schema: MessageSchema }],
      [MongoMessageDocuments, MongoMessageLog, Clock],
      undefined,
      { monitorCommands: true },
    );
    log = moduleRef.get(MongoMessageLog);
    moduleRef
      .get<Connection>(getConnectionToken())
      .getClient()
      .on('commandSucceeded', ({ commandName, reply }) => {
        if (commandName === 'find' || commandName === 'getMore')
          received += mongo.BSON.calculateObjectSize(reply as mongo.Document);
      });
    // 100 emails of 1 MB each: half a megabyte of text and half of HTML.
    const half = 'x'.repeat(MB / 2);
    for (let i = 0; i < MESSAGES; i += 10) {
      await Promise.all(
        Array.from({ length: 10 }, (_, j) =>
          log.insert(
            aMessage(appId, {
              channel: 'email',
              to: ['ada@example.com'],
              content: { subject: `Report ${i + j}`, text: half, html: `<p>${half}</p>` },
              createdAt: at((i + j) * SECOND),
            }),
          ),
        ),
      );
    }
  }, 120_000);
  afterAll(async () => {
    await moduleRef.close();
  });

  it('answers 100 summaries from well under a megabyte read, none with content', async () => {
    const { page, received, held } = await reading(() =>
      log.list({ appId }, { limit: MESSAGES, summary: true }),
    );
    expect(page.items).toHaveLength(MESSAGES);
    for (const message of page.items) expect(message).not.toHaveProperty('content');
    // 100 MB are stored; a summary is a few hundred bytes.
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(MB);
    expect(held).toBeLessThan(MB);
  });

  it('reads whole messages when their content is asked for (the measures can tell)', async () => {
    const { page, received, held } = await reading(() => log.list({ appId }, { limit: 10 }));
    expect(page.items).toHaveLength(10);
    expect(received).toBeGreaterThan(10 * MB);
    expect(held).toBeGreaterThan(10 * MB);
  });
});
