import { startApp, type TestApp } from '../harness/test-app';

/** Requests without credentials are limited per client IP: this many a minute here. */
const PER_IP = 3;

/**
 * A client behind the proxies writes whatever it likes into X-Forwarded-For; each trusted proxy
 * appends the address it saw. Only the hops TRUST_PROXY trusts may tell the client's address.
 */
describe('TRUST_PROXY', () => {
  let spoofed = 0;
  /** An unauthenticated request, with a made-up address the client puts first. */
  const unauthenticated = (t: TestApp, ...hops: string[]) => {
    spoofed += 1;
    return t.http
      .get('/api/v1/me')
      .set('X-Forwarded-For', [`198.51.100.${spoofed % 250}`, ...hops].join(', '));
  };

  async function limitedAfterBudget(t: TestApp, ...hops: string[]): Promise<void> {
    for (let i = 0; i < PER_IP; i += 1) await unauthenticated(t, ...hops).expect(401);
    await unauthenticated(t, ...hops).expect(429);
  }

  describe('as a hop count', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startApp({}, { TRUST_PROXY: '1', RATE_LIMIT_IP_PER_MINUTE: String(PER_IP) });
    });
    afterAll(async () => {
      await t.close();
    });

    it('takes the address the one proxy appended, whatever the client wrote before it', async () => {
      await limitedAfterBudget(t, '203.0.113.7');
    });

    it('gives another client, as the proxy saw it, a budget of its own', async () => {
      await unauthenticated(t, '203.0.113.8').expect(401);
    });
  });

  describe('as proxy addresses', () => {
    let t: TestApp;
    beforeAll(async () => {
      // The test client connects from the loopback address: it plays the last proxy.
      t = await startApp(
        {},
        { TRUST_PROXY: '127.0.0.0/8,10.0.0.0/8', RATE_LIMIT_IP_PER_MINUTE: String(PER_IP) },
      );
    });
    afterAll(async () => {
      await t.close();
    });

    it('takes the nearest address that is not a trusted proxy', async () => {
      await unauthenticated(t, '203.0.113.9', '10.1.2.3').expect(401);
      await unauthenticated(t, '203.0.113.9').expect(401);
      await unauthenticated(t, '203.0.113.9', '10.9.9.9', '127.0.0.5').expect(401);
      await unauthenticated(t, '203.0.113.9').expect(429);
    });
  });
});
