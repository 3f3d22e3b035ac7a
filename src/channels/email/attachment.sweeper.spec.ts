import { Clock } from '../../common/clock/clock';
import type { Message } from '../../message-log/message.model';
import { MemoryMessageLog } from '../../message-log/memory-message-log';
import { MemoryMessages } from '../../message-log/memory-messages';
import { AttachmentSweeper } from './attachment.sweeper';
import { MemoryAttachmentStore } from './memory-attachment.store';
import type { MessageStatus } from '../../contract/message-status';

const HOUR = 60 * 60 * 1000;
const NOW = new Date('2030-01-01T12:00:00Z');
const ago = (ms: number): Date => new Date(NOW.getTime() - ms);

class StillClock extends Clock {
  override now(): Date {
    return NOW;
  }
  override nowMs(): number {
    return NOW.getTime();
  }
}

function aMessage(id: string, status: MessageStatus): Message {
  return {
    id,
    appId: 'app_1',
    channel: 'email',
    status,
    to: ['alex@example.com'],
    content: {},
    metadata: {},
    priority: 0,
    route: { providerIndex: 0, providerAttempts: 0 },
    attempts: [],
    events: [],
    providerMessageIds: [],
    createdAt: ago(2 * HOUR),
    updatedAt: ago(2 * HOUR),
    expiresAt: new Date(NOW.getTime() + 90 * 24 * HOUR),
  };
}

const file = { filename: 'a.txt', contentType: 'text/plain', content: Buffer.from('a') };

describe('AttachmentSweeper', () => {
  it('drops expired files and those of settled or missing messages, keeping pending sends', async () => {
    const attachments = new MemoryAttachmentStore();
    const messages = new MemoryMessageLog(new MemoryMessages());
    const old = { savedAt: ago(2 * HOUR), expiresAt: new Date(NOW.getTime() + HOUR) };
    const cases: [string, MessageStatus | undefined][] = [
      ['msg_scheduled', 'SCHEDULED'],
      ['msg_retrying', 'RETRYING'],
      ['msg_canceled', 'CANCELED'],
      ['msg_sent', 'SENT'],
      ['msg_never_written', undefined],
    ];
    for (const [id, status] of cases) {
      if (status) await messages.insert(aMessage(id, status));
      await attachments.save(id, [file], old);
    }
    await attachments.save('msg_expired', [file], { savedAt: ago(2 * HOUR), expiresAt: NOW });
    await attachments.save('msg_just_saved', [file], {
      savedAt: ago(60_000),
      expiresAt: old.expiresAt,
    });

    const sweeper = new AttachmentSweeper(attachments, messages, new StillClock());
    expect(await sweeper.sweep()).toBe(3);

    const kept = async (id: string): Promise<boolean> => (await attachments.load(id)) !== undefined;
    expect(await kept('msg_scheduled')).toBe(true);
    expect(await kept('msg_retrying')).toBe(true);
    expect(await kept('msg_just_saved')).toBe(true);
    expect(await kept('msg_canceled')).toBe(false);
    expect(await kept('msg_sent')).toBe(false);
    expect(await kept('msg_never_written')).toBe(false);
    expect(await kept('msg_expired')).toBe(false);
  });

  it('gets past more pending sends than one batch holds', async () => {
    const attachments = new MemoryAttachmentStore();
    const messages = new MemoryMessageLog(new MemoryMessages());
    for (let i = 0; i < 150; i += 1) {
      const id = `msg_pending_${String(i).padStart(3, '0')}`;
      await messages.insert(aMessage(id, 'SCHEDULED'));
      await attachments.save(id, [file], { savedAt: ago(3 * HOUR), expiresAt: ago(-HOUR) });
    }
    await attachments.save('msg_zz_orphan', [file], {
      savedAt: ago(2 * HOUR),
      expiresAt: ago(-HOUR),
    });
    const sweeper = new AttachmentSweeper(attachments, messages, new StillClock());
    expect(await sweeper.sweep()).toBe(1);
    expect(await attachments.load('msg_zz_orphan')).toBeUndefined();
  });
});
