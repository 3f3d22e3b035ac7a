import type { OutboundMessage } from '../contract/provider';
import type { Message } from '../message-log/message.model';
import { type Preparation, type SendPreparer, SendPreparers } from './send-preparers';

const outbound: OutboundMessage = {
  id: 'msg_1',
  appId: 'app_1',
  channel: 'email',
  to: ['a@example.com'],
  content: { subject: 'Hi', text: 'Hello' },
  metadata: {},
};

const refusal: Preparation = {
  kind: 'refuse',
  status: 'UNDELIVERABLE',
  category: 'INVALID_RECIPIENT',
  reason: 'a@example.com is suppressed',
  by: 'suppression-list',
};

/** A preparer that adds its name to the message's metadata, or refuses. */
function preparer(name: string, log: string[], refuse = false): SendPreparer {
  return {
    channel: 'email',
    prepare: (message) => {
      log.push(name);
      if (refuse) return Promise.resolve(refusal);
      const metadata = { ...message.metadata, [name]: 'yes' };
      return Promise.resolve({ kind: 'send', message: { ...message, metadata } });
    },
    sendSettled: () => {
      log.push(`${name} settled`);
      return Promise.resolve();
    },
  };
}

describe('SendPreparers', () => {
  it('hands a channel without preparers its message unchanged', async () => {
    await expect(new SendPreparers().prepare(outbound)).resolves.toEqual({
      kind: 'send',
      message: outbound,
    });
  });

  it("runs a channel's preparers in order, each on the previous one's message", async () => {
    const log: string[] = [];
    const preparers = new SendPreparers();
    preparers.register(preparer('first', log));
    preparers.register(preparer('second', log));
    preparers.register({ ...preparer('sms', log), channel: 'sms' });
    const prepared = await preparers.prepare(outbound);
    expect(prepared).toEqual({
      kind: 'send',
      message: { ...outbound, metadata: { first: 'yes', second: 'yes' } },
    });
    expect(log).toEqual(['first', 'second']);
  });

  it('stops at the first refusal', async () => {
    const log: string[] = [];
    const preparers = new SendPreparers();
    preparers.register(preparer('guard', log, true));
    preparers.register(preparer('loader', log));
    await expect(preparers.prepare(outbound)).resolves.toEqual(refusal);
    expect(log).toEqual(['guard']);
  });

  it("tells every preparer of the message's channel that the send is settled", async () => {
    const log: string[] = [];
    const preparers = new SendPreparers();
    preparers.register(preparer('guard', log));
    preparers.register(preparer('loader', log));
    await preparers.sendSettled({ ...outbound, status: 'SENT' } as unknown as Message);
    expect(log).toEqual(['guard settled', 'loader settled']);
  });
});
