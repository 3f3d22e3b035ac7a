import { setImmediate as nextTurn } from 'node:timers/promises';
import { LocalRelay } from '../../common/redis/process-relay';
import type { Notification } from './inbox.model';
import { InboxFeed } from './inbox-feed';

const notification = (userId: string): Notification => ({
  id: `ntf_${userId}`,
  appId: 'app_feed',
  userId,
  messageId: `msg_${userId}`,
  body: 'hello',
  metadata: {},
  createdAt: new Date(0),
  expiresAt: new Date(60_000),
});

describe('InboxFeed', () => {
  it("tells each listener of the owner once, and no other owner's", () => {
    const feed = new InboxFeed(new LocalRelay());
    const told: string[] = [];
    feed.subscribe({ appId: 'app_feed', userId: 'ann' }, (n) => told.push(`ann:${n.id}`));
    const stop = feed.subscribe({ appId: 'app_feed', userId: 'bob' }, (n) =>
      told.push(`bob:${n.id}`),
    );
    feed.subscribe({ appId: 'app_other', userId: 'ann' }, (n) => told.push(`other:${n.id}`));
    feed.published(notification('ann'));
    stop();
    feed.published(notification('bob'));
    expect(told).toEqual(['ann:ntf_ann']);
    expect(feed.listeners({ appId: 'app_feed', userId: 'bob' })).toBe(0);
  });

  it('tells the many streams of one user in slices, letting the event loop in between', async () => {
    const feed = new InboxFeed(new LocalRelay());
    const owner = { appId: 'app_feed', userId: 'many' };
    const calls = new Array<number>(1_000).fill(0);
    calls.forEach((_, index) => {
      feed.subscribe(owner, () => {
        calls[index] = (calls[index] ?? 0) + 1;
      });
    });
    feed.published(notification('many'));
    const toldAtOnce = calls.filter((count) => count === 1).length;
    expect(toldAtOnce).toBeGreaterThan(0);
    expect(toldAtOnce).toBeLessThan(1_000);
    for (let turn = 0; turn < 10; turn += 1) await nextTurn();
    expect(calls.every((count) => count === 1)).toBe(true);
  });
});
