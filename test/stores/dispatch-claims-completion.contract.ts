import type { MessageEvent } from '../../src/contract/message-event';
import {
  aMessage,
  anApp,
  anAttempt,
  aReport,
  aResult,
  at,
  hex,
  MINUTE,
  type MessageStoresFixture,
  scopeOf,
  SECOND,
  T0,
  without,
} from './message-fixtures';
import { claims, log, useClaimStores } from './dispatch-claims-stores';

/**
 * How every DispatchClaims adapter completes a claimed send: for the claim holder only, with the
 * provider ids it recorded, and with provider reports arriving meanwhile. Run against each.
 */
export function describeClaimCompletionContract(
  name: string,
  open: () => Promise<MessageStoresFixture>,
): void {
  describe(`DispatchClaims contract, completion: ${name}`, () => {
    useClaimStores(open);

    it('completes for the claim holder only, appending attempts and events in order', async () => {
      const appId = anApp();
      const message = aMessage(appId);
      await log.insert(message);
      await claims.claim(message.id, 'worker-1', T0, MINUTE);

      const timeout = anAttempt({
        provider: 'twilio-sms',
        status: 'RETRYING',
        errorCategory: 'TIMEOUT',
        errorMessage: 'no answer within 10 s',
        durationMs: 10_000,
        timestamp: at(10 * SECOND),
      });
      const retrying = await claims.complete(
        message.id,
        'worker-2',
        aResult(timeout, { nextAttemptAt: at(MINUTE) }),
        at(10 * SECOND),
      );
      expect(retrying).toBeUndefined();
      const afterRetry = await claims.complete(
        message.id,
        'worker-1',
        aResult(timeout, {
          nextAttemptAt: at(MINUTE),
          events: [{ type: 'retrying', at: at(10 * SECOND), detail: 'TIMEOUT' }],
        }),
        at(10 * SECOND),
      );
      expect(afterRetry).toStrictEqual({
        ...message,
        status: 'RETRYING',
        nextAttemptAt: at(MINUTE),
        route: { providerIndex: 0, providerAttempts: 1 },
        attempts: [timeout],
        events: [...message.events, { type: 'retrying', at: at(10 * SECOND), detail: 'TIMEOUT' }],
        updatedAt: at(10 * SECOND),
      });
      expect(
        await claims.complete(message.id, 'worker-1', aResult(timeout), at(11 * SECOND)),
      ).toBeUndefined();

      expect(await claims.claim(message.id, 'worker-3', at(MINUTE), MINUTE)).toBeDefined();
      const sent = anAttempt({
        provider: 'vonage-sms',
        status: 'SENT',
        providerMessageId: 'SM0123456789',
        timestamp: at(MINUTE + SECOND),
      });
      const events: MessageEvent[] = [
        { type: 'sending', at: at(MINUTE) },
        { type: 'sent', at: at(MINUTE + SECOND), recipient: '+15555550100' },
      ];
      const done = await claims.complete(
        message.id,
        'worker-3',
        aResult(sent, {
          route: { providerIndex: 1, providerAttempts: 1 },
          events,
          providerStatus: 'queued',
        }),
        at(MINUTE + SECOND),
      );
      expect(done).toStrictEqual(
        without(
          {
            ...message,
            status: 'SENT',
            route: { providerIndex: 1, providerAttempts: 1 },
            attempts: [timeout, sent],
            events: [
              ...message.events,
              { type: 'retrying', at: at(10 * SECOND), detail: 'TIMEOUT' },
              ...events,
            ],
            providerMessageIds: ['SM0123456789'],
            providerStatus: 'queued',
            updatedAt: at(MINUTE + SECOND),
          },
          'nextAttemptAt',
        ),
      );
      expect(await log.get({ appId }, message.id)).toStrictEqual(done);
    });

    it('records each provider message id once', async () => {
      const message = aMessage(anApp(), {
        status: 'RETRYING',
        providerMessageIds: ['CA0001'],
        attempts: [anAttempt({ status: 'RETRYING', providerMessageId: 'CA0001' })],
      });
      await log.insert(message);
      await claims.claim(message.id, 'worker-1', T0, MINUTE);
      const done = await claims.complete(
        message.id,
        'worker-1',
        aResult(anAttempt({ providerMessageId: 'CA0001' })),
        T0,
      );
      expect(done?.providerMessageIds).toEqual(['CA0001']);
      expect(done?.attempts).toHaveLength(2);
    });

    it('records the id of every copy an attempt sent, so that a report naming any finds it', async () => {
      const message = aMessage(anApp());
      await log.insert(message);
      await claims.claim(message.id, 'worker-1', T0, MINUTE);
      const done = await claims.complete(
        message.id,
        'worker-1',
        aResult(anAttempt({ providerMessageId: 'copy-1' }), {
          copyMessageIds: ['copy-2', 'copy-3'],
        }),
        at(SECOND),
      );
      expect(done?.providerMessageIds).toEqual(['copy-1', 'copy-2', 'copy-3']);
      expect(done?.attempts.at(-1)?.providerMessageId).toBe('copy-1');
      expect((await log.findByProviderMessageIdAcrossApps('copy-3'))?.id).toBe(message.id);
    });

    it('finds a message by the provider id its attempt recorded', async () => {
      const message = aMessage(anApp());
      await log.insert(message);
      await claims.claim(message.id, 'worker-1', T0, MINUTE);
      const sid = `CA${hex(16)}`;
      await claims.complete(
        message.id,
        'worker-1',
        aResult(anAttempt({ providerMessageId: sid })),
        at(SECOND),
      );
      expect((await log.findByProviderMessageIdAcrossApps(sid))?.id).toBe(message.id);
    });

    it('leaves a message being sent to its claim holder, who can still complete it', async () => {
      const message = aMessage(anApp());
      await log.insert(message);
      const claimed = await claims.claim(message.id, 'worker-1', T0, MINUTE);
      const delivered = aReport('delivered', 'DELIVERED', at(SECOND));
      expect(
        await log.applyProviderReport(scopeOf(message), message.id, delivered, at(SECOND)),
      ).toEqual({ kind: 'sending' });
      expect(await log.get(scopeOf(message), message.id)).toStrictEqual(claimed);

      const sid = `SM${hex(16)}`;
      await claims.complete(
        message.id,
        'worker-1',
        aResult(anAttempt({ providerMessageId: sid, timestamp: at(SECOND) })),
        at(SECOND),
      );
      expect(
        await log.applyProviderReport(scopeOf(message), message.id, delivered, at(2 * SECOND)),
      ).toMatchObject({ kind: 'moved', message: { status: 'DELIVERED' } });
    });
  });
}
