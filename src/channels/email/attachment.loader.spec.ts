import type { Message } from '../../message-log/message.model';
import { SendPreparers } from '../../dispatch/send-preparers';
import type { OutboundMessage } from '../../contract/provider';
import { sha256Hex } from './attachment-content';
import { AttachmentLoader } from './attachment.loader';
import { MemoryAttachmentStore } from './memory-attachment.store';

const pdf = Buffer.from('%PDF-1.4 receipt');
const lifetime = { savedAt: new Date(), expiresAt: new Date(Date.now() + 60_000) };

const outbound = (content: Record<string, unknown>): OutboundMessage => ({
  id: 'msg_1',
  appId: 'app_1',
  channel: 'email',
  to: ['alex@example.com'],
  content,
  metadata: {},
});

const withAttachment = {
  subject: 'Receipt',
  text: 'Attached.',
  attachments: [
    { filename: 'r.pdf', contentType: 'application/pdf', size: pdf.length, sha256: sha256Hex(pdf) },
  ],
};

describe('AttachmentLoader', () => {
  let store: MemoryAttachmentStore;
  let preparers: SendPreparers;

  beforeEach(() => {
    store = new MemoryAttachmentStore();
    preparers = new SendPreparers();
    new AttachmentLoader(store, preparers).onModuleInit();
  });

  it('gives the provider the stored bytes', async () => {
    await store.save(
      'msg_1',
      [{ filename: 'r.pdf', contentType: 'application/pdf', content: pdf }],
      lifetime,
    );
    const prepared = await preparers.prepare(outbound(withAttachment));
    expect(prepared.kind).toBe('send');
    if (prepared.kind !== 'send') return;
    expect(prepared.message.attachments).toEqual([
      { filename: 'r.pdf', contentType: 'application/pdf', content: pdf },
    ]);
  });

  it('leaves an email without attachments as it is, without reading the store', async () => {
    const message = outbound({ subject: 'Hi', text: 'Hello' });
    await expect(preparers.prepare(message)).resolves.toEqual({ kind: 'send', message });
  });

  it('refuses the send when the bytes are gone', async () => {
    await expect(preparers.prepare(outbound(withAttachment))).resolves.toEqual({
      kind: 'refuse',
      status: 'FAILED',
      category: 'CONFIGURATION_ERROR',
      reason: expect.stringContaining('no longer stored'),
      by: 'attachment-store',
    });
  });

  it('refuses the send when the bytes differ from the record', async () => {
    await store.save(
      'msg_1',
      [{ filename: 'r.pdf', contentType: 'application/pdf', content: Buffer.from('other') }],
      lifetime,
    );
    await expect(preparers.prepare(outbound(withAttachment))).resolves.toMatchObject({
      kind: 'refuse',
      reason: expect.stringContaining('r.pdf do not match'),
    });
  });

  it('drops the bytes once the send is settled', async () => {
    await store.save(
      'msg_1',
      [{ filename: 'r.pdf', contentType: 'application/pdf', content: pdf }],
      lifetime,
    );
    await preparers.sendSettled({ ...outbound(withAttachment), status: 'DELIVERED' } as Message);
    await expect(store.load('msg_1')).resolves.toBeUndefined();
  });
});
