import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import {
  ATTACHMENT_CHUNK_MODEL,
  AttachmentChunkSchema,
} from '../../src/channels/email/attachment.schema';
import { MemoryAttachmentStore } from '../../src/channels/email/memory-attachment.store';
import { MongoAttachmentStore } from '../../src/channels/email/mongo-attachment.store';
import { describeAttachmentStoreContract } from './attachment-store.contract';
import { openMongoModule } from '../support/mongo-module';

describeAttachmentStoreContract('memory', () =>
  Promise.resolve({ store: new MemoryAttachmentStore(), close: () => Promise.resolve() }),
);

/** MongoAttachmentStore wired as the email module wires it, on a database of its own. */
const openMongoStore = () =>
  openMongoModule(
    [{ name: ATTACHMENT_CHUNK_MODEL, schema: AttachmentChunkSchema }],
    [MongoAttachmentStore],
  );

describeAttachmentStoreContract('MongoDB (FerretDB)', async () => {
  const moduleRef = await openMongoStore();
  return { store: moduleRef.get(MongoAttachmentStore), close: () => moduleRef.close() };
});

describe('MongoAttachmentStore on the server', () => {
  it('creates its collection and indexes, the TTL index where the server takes it', async () => {
    const moduleRef = await openMongoStore();
    try {
      const connection = moduleRef.get<Connection>(getConnectionToken());
      const indexes = await connection.collection('email_attachments').indexes();
      expect(indexes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            name: 'message_chunks',
            key: { messageId: 1, file: 1, chunk: 1 },
          }),
          expect.objectContaining({ name: 'saved_at', key: { savedAt: 1 } }),
        ]),
      );
      const info = await connection.db?.admin().buildInfo();
      const ttl = expect.arrayContaining([
        expect.objectContaining({ key: { expiresAt: 1 }, expireAfterSeconds: 0 }),
      ]);
      // FerretDB 1.24 refuses TTL indexes; the sweeper's purge stands in.
      if (info && 'ferretdbVersion' in info) expect(indexes).not.toEqual(ttl);
      else expect(indexes).toEqual(ttl);
    } finally {
      await moduleRef.close();
    }
  });

  it('finds a file with a missing piece incomplete', async () => {
    const moduleRef = await openMongoStore();
    try {
      const store = moduleRef.get(MongoAttachmentStore);
      const connection = moduleRef.get<Connection>(getConnectionToken());
      const content = Buffer.alloc(5 * 1024 * 1024, 7);
      await store.save(
        'msg_partial',
        [{ filename: 'a.bin', contentType: 'application/octet-stream', content }],
        {
          savedAt: new Date('2090-01-01T00:00:00Z'),
          expiresAt: new Date('2090-04-01T00:00:00Z'),
        },
      );
      expect(await store.load('msg_partial')).toHaveLength(1);
      await connection
        .collection('email_attachments')
        .deleteOne({ _id: 'msg_partial:0:1' as never });
      expect(await store.load('msg_partial')).toBeUndefined();
    } finally {
      await moduleRef.close();
    }
  });
});
