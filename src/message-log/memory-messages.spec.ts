import { Logger } from '@nestjs/common';
import type { MessageStatus } from '../contract/message-status';
import { MemoryMessages } from './memory-messages';
import type { Message } from './message.model';

const created = new Date('2030-01-01T00:00:00Z');

const message = (id: string, status: MessageStatus): Message => ({
  id,
  appId: 'app_1',
  channel: 'sms',
  status,
  to: ['+15555550100'],
  content: { body: 'hi' },
  metadata: {},
  priority: 5,
  route: { providerIndex: 0, providerAttempts: 0 },
  attempts: [],
  events: [],
  providerMessageIds: [`SM${id}`],
  createdAt: created,
  updatedAt: created,
  expiresAt: created,
});

const ids = (messages: MemoryMessages): string[] => messages.all().map((m) => m.id);

describe('MemoryMessages past its cap', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    warn.mockRestore();
  });

  it('drops the message settled longest ago, never one still on its way', () => {
    const messages = new MemoryMessages(3);
    messages.save(message('a', 'QUEUED'));
    messages.save(message('b', 'SENT'));
    messages.save(message('c', 'QUEUED'));
    messages.save(message('a', 'DELIVERED'));
    messages.save(message('d', 'QUEUED'));
    expect(ids(messages)).toEqual(['a', 'c', 'd']);
    expect(messages.byProviderMessageId('SMb')).toBeUndefined();
    messages.save(message('e', 'QUEUED'));
    expect(ids(messages)).toEqual(['c', 'd', 'e']);
    messages.save(message('f', 'QUEUED'));
    expect(ids(messages)).toEqual(['c', 'd', 'e', 'f']);
    messages.save(message('c', 'FAILED'));
    messages.save(message('g', 'QUEUED'));
    expect(ids(messages)).toEqual(['d', 'e', 'f', 'g']);
  });

  it('keeps a message that moved back from settled out of the drop order', () => {
    const messages = new MemoryMessages(2);
    messages.save(message('a', 'SENT'));
    messages.save(message('a', 'QUEUED'));
    messages.save(message('b', 'QUEUED'));
    messages.save(message('c', 'QUEUED'));
    expect(ids(messages)).toEqual(['a', 'b', 'c']);
  });

  it('warns once, when it first drops a message', () => {
    const messages = new MemoryMessages(1);
    messages.save(message('a', 'SENT'));
    expect(warn).not.toHaveBeenCalled();
    messages.save(message('b', 'SENT'));
    messages.save(message('c', 'SENT'));
    expect(ids(messages)).toEqual(['c']);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toContain('MEMORY_STORE_MAX_MESSAGES');
  });
});
