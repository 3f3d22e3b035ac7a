import { AccessTokenCache, type TokenResult } from './access-token-cache';

describe('AccessTokenCache', () => {
  let now = 0;
  let fetched = 0;
  let answers: TokenResult<string>[] = [];
  const cache = (): AccessTokenCache<string> =>
    new AccessTokenCache(
      () => {
        fetched += 1;
        return Promise.resolve(
          answers.shift() ?? { ok: true, token: { token: `t${fetched}`, expiresInSeconds: 3600 } },
        );
      },
      () => now,
    );

  beforeEach(() => {
    now = 1_000_000;
    fetched = 0;
    answers = [];
  });

  it('keeps a token until five minutes before it expires', async () => {
    const tokens = cache();
    await expect(tokens.get()).resolves.toEqual({ ok: true, token: 't1' });
    now += 55 * 60 * 1000 - 1;
    await expect(tokens.get()).resolves.toEqual({ ok: true, token: 't1' });
    now += 1;
    await expect(tokens.get()).resolves.toEqual({ ok: true, token: 't2' });
    expect(fetched).toBe(2);
  });

  it('renews a short-lived token at half its life', async () => {
    answers = [{ ok: true, token: { token: 'short', expiresInSeconds: 60 } }];
    const tokens = cache();
    await tokens.get();
    now += 29_999;
    await expect(tokens.get()).resolves.toEqual({ ok: true, token: 'short' });
    now += 1;
    await expect(tokens.get()).resolves.toEqual({ ok: true, token: 't2' });
  });

  it('fetches once for sends that ask at the same time', async () => {
    const tokens = cache();
    const results = await Promise.all([tokens.get(), tokens.get(), tokens.get()]);
    expect(results.every((result) => result.ok && result.token === 't1')).toBe(true);
    expect(fetched).toBe(1);
  });

  it('keeps no failure: the next send asks again', async () => {
    answers = [{ ok: false, failure: 'refused' }];
    const tokens = cache();
    await expect(tokens.get()).resolves.toEqual({ ok: false, failure: 'refused' });
    await expect(tokens.get()).resolves.toEqual({ ok: true, token: 't2' });
  });

  it('forgets a token the API refused, but not a newer one', async () => {
    const tokens = cache();
    await tokens.get();
    tokens.invalidate('t1');
    await expect(tokens.get()).resolves.toEqual({ ok: true, token: 't2' });
    tokens.invalidate('t1');
    await expect(tokens.get()).resolves.toEqual({ ok: true, token: 't2' });
  });
});
