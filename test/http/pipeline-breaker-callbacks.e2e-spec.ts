import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually } from '../support/polling';
import { ScriptedProvider } from '../support/scripted.provider';
import { verifyCallbackSignature, SIGNATURE_HEADER } from '../../src/contract/callback-signature';
import { type Setup, setUp, script, sendSms, settled, fast } from './pipeline-app';

describe('circuit breaker', () => {
  let s: Setup;

  beforeAll(async () => {
    const providers = JSON.stringify({
      sms: [
        { id: 'sms-flaky', maxAttempts: 1, circuitFailures: 2, circuitCooldownMs: 60000, ...fast },
        { id: 'sms-spare', maxAttempts: 1, ...fast },
      ],
    });
    s = await setUp({ PROVIDERS: providers });
  });
  afterAll(async () => {
    await s.t.close();
  });

  it('opens after consecutive failures, skips the provider, and shows it in /health', async () => {
    script('sms-flaky', 'PROVIDER_OUTAGE');
    for (let i = 0; i < 2; i += 1) await settled(s, (await sendSms(s).expect(202)).body.messageId);
    const health = await s.t.http.get('/api/v1/health').expect(200);
    expect(health.body.channels.sms.providers).toEqual([
      { id: 'sms-flaky', type: 'scripted', circuit: 'open' },
      { id: 'sms-spare', type: 'scripted', circuit: 'closed' },
    ]);
    const calls = ScriptedProvider.byId.get('sms-flaky')?.sent.length;
    const skipped = await settled(s, (await sendSms(s).expect(202)).body.messageId);
    expect(skipped.attempts.map((a: { provider: string }) => a.provider)).toEqual(['sms-spare']);
    expect(ScriptedProvider.byId.get('sms-flaky')?.sent.length).toBe(calls);
  });
});

describe('signed status callbacks', () => {
  let s: Setup;
  let receiver: Server;
  const received: { status: string; verified: boolean }[] = [];

  beforeAll(async () => {
    s = await setUp({ OUTBOUND_ALLOW_PRIVATE: 'true' });
    receiver = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const header = String(req.headers[SIGNATURE_HEADER.toLowerCase()] ?? '');
        const verified = verifyCallbackSignature(
          s.callbackSecret,
          header,
          body,
          300,
          Math.floor(Date.now() / 1000),
        );
        received.push({ status: (JSON.parse(body) as { status: string }).status, verified });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await s.t.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('posts each status change, signed, in order', async () => {
    script('sms-a', 'PROVIDER_OUTAGE', 1);
    script('sms-b');
    const port = (receiver.address() as AddressInfo).port;
    const res = await sendSms(s, { callbackUrl: `http://127.0.0.1:${port}/hooks/status` }).expect(
      202,
    );
    await settled(s, res.body.messageId);
    await eventually(
      () => Promise.resolve(received.length),
      (n) => n >= 2,
      'two status callbacks',
    );
    expect(received).toEqual([
      { status: 'RETRYING', verified: true },
      { status: 'SENT', verified: true },
    ]);
    const message = await eventually(
      async () =>
        (await s.t.http.get(`/api/v1/messages/${res.body.messageId}`).set('x-api-key', s.key)).body,
      (m: { events: { type: string; detail?: string }[] }) =>
        m.events.filter((e) => e.type === 'callback').length === 2,
      'two callback events on the message',
    );
    expect(
      message.events
        .filter((e: { type: string; detail?: string }) => e.type === 'callback')
        .map((e: { detail?: string }) => e.detail),
    ).toEqual([
      expect.stringMatching(/^RETRYING delivered/),
      expect.stringMatching(/^SENT delivered/),
    ]);
  });
});
