import { lookup } from 'node:dns/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { Clock } from '../../src/common/clock/clock';
import { CryptoService } from '../../src/common/crypto/crypto.service';
import { OutboundUrlPolicy } from '../../src/common/http/outbound-url';
import {
  StatusCallbackSender,
  type StatusCallbackOptions,
} from '../../src/dispatch/callbacks/status-callback';
import { nameResolvingToNonPublicAddress } from '../support/hosts';
import {
  EVENT_ID_HEADER,
  SIGNATURE_HEADER,
  verifyCallbackSignature,
} from '../../src/contract/callback-signature';

/** StatusCallbackSender posting to a real HTTP receiver on this machine. */

const SECRET = 'whsec_e2e_secret';
const TIMING: StatusCallbackOptions = {
  baseDelayMs: 50,
  maxDelayMs: 200,
  maxAttempts: 3,
  timeoutMs: 500,
};

interface Post {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

type Answer = number | { readonly status: number; readonly headers: Record<string, string> };

interface Receiver {
  readonly posts: Post[];
  url(path: string): string;
  close(): Promise<void>;
}

/** An HTTP server that records every request and answers as `answer` says (it may never answer). */
async function startReceiver(
  answer: (post: Post, index: number) => Answer | Promise<Answer>,
  host = '127.0.0.1',
): Promise<Receiver> {
  const posts: Post[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const post = {
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      posts.push(post);
      void Promise.resolve(answer(post, posts.length - 1)).then((given) => {
        const { status, headers } =
          typeof given === 'number' ? { status: given, headers: {} } : given;
        response.writeHead(status, headers).end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const authority = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  return {
    posts,
    url: (path) => `http://${authority}${path}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

function sender(allowPrivate: boolean): StatusCallbackSender {
  return new StatusCallbackSender(
    new OutboundUrlPolicy({ outboundAllowPrivate: allowPrivate }),
    new Clock(),
    new CryptoService(),
    TIMING,
  );
}

function verifies(post: Post): boolean {
  const header = post.headers[SIGNATURE_HEADER.toLowerCase()];
  const now = Math.floor(Date.now() / 1000);
  return typeof header === 'string' && verifyCallbackSignature(SECRET, header, post.body, 300, now);
}

describe('StatusCallbackSender (real HTTP receiver)', () => {
  const receivers: Receiver[] = [];
  const senders: StatusCallbackSender[] = [];

  async function receiver(
    answer: (post: Post, index: number) => Answer | Promise<Answer>,
    host?: string,
  ): Promise<Receiver> {
    const started = await startReceiver(answer, host);
    receivers.push(started);
    return started;
  }

  function make(allowPrivate: boolean): StatusCallbackSender {
    const made = sender(allowPrivate);
    senders.push(made);
    return made;
  }

  const logged: string[] = [];

  beforeAll(() => {
    // Keeps the sender's warnings out of the test output and lets a test read them.
    const record = (message: unknown): void => {
      logged.push(String(message));
    };
    Logger.overrideLogger({
      log: record,
      error: record,
      warn: record,
      debug: record,
      verbose: record,
      fatal: record,
    });
  });

  afterEach(async () => {
    for (const made of senders.splice(0)) made.onApplicationShutdown();
    await Promise.all(receivers.splice(0).map((started) => started.close()));
  });

  it('posts the payload as signed JSON', async () => {
    const target = await receiver(() => 204);
    const payload = { messageId: 'msg_1', status: 'DELIVERED', to: ['+15005550006'] };

    const destination = { url: target.url('/hook?token=t'), secret: SECRET };
    const result = await make(true).deliver(destination, payload, { eventId: 'evt_fixed' });

    expect(result).toEqual({ ok: true, attempts: 1, status: 204 });
    expect(target.posts).toHaveLength(1);
    const [post] = target.posts;
    expect(post.path).toBe('/hook?token=t');
    expect(JSON.parse(post.body)).toEqual(payload);
    expect(post.headers['content-type']).toBe('application/json');
    expect(post.headers['user-agent']).toBe('Switchboard');
    expect(post.headers[EVENT_ID_HEADER.toLowerCase()]).toBe('evt_fixed');
    expect(verifies(post)).toBe(true);
  });

  it('retries after a 500 with the same event id and body, then succeeds', async () => {
    const target = await receiver((_post, index) => (index === 0 ? 500 : 200));

    const result = await make(true).deliver({ url: target.url('/hook'), secret: SECRET }, { n: 1 });

    expect(result).toEqual({ ok: true, attempts: 2, status: 200 });
    expect(target.posts).toHaveLength(2);
    const [first, second] = target.posts;
    expect(second.body).toBe(first.body);
    expect(first.headers['switchboard-event-id']).toMatch(/^evt_[0-9a-f]{24}$/);
    expect(second.headers['switchboard-event-id']).toBe(first.headers['switchboard-event-id']);
    expect(target.posts.every(verifies)).toBe(true);
  });

  it('gives up after the configured number of tries', async () => {
    const target = await receiver(() => 503);

    const result = await make(true).deliver({ url: target.url('/hook'), secret: SECRET }, {});

    expect(result).toEqual({ ok: false, attempts: 3, status: 503, error: 'HTTP 503' });
    expect(target.posts).toHaveLength(3);
  });

  it('retries network errors and reports only the error code', async () => {
    const gone = await startReceiver(() => 200);
    const url = gone.url('/hook');
    await gone.close();

    const result = await make(true).deliver({ url, secret: SECRET }, {});

    expect(result).toEqual({ ok: false, attempts: 3, error: 'network error: ECONNREFUSED' });
  });

  it('abandons a try that gets no answer within the timeout', async () => {
    const target = await receiver(() => new Promise<never>(() => undefined));

    const started = Date.now();
    const result = await make(true).deliver({ url: target.url('/slow'), secret: SECRET }, {});

    expect(result).toEqual({ ok: false, attempts: 3, error: 'timed out after 500 ms' });
    expect(target.posts).toHaveLength(3);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('never follows a redirect', async () => {
    const target = await receiver((post) =>
      post.path === '/hook' ? { status: 307, headers: { location: '/elsewhere' } } : 200,
    );

    const result = await make(true).deliver({ url: target.url('/hook'), secret: SECRET }, {});

    expect(result).toEqual({
      ok: false,
      attempts: 3,
      status: 307,
      error: 'HTTP 307 (redirects are not followed)',
    });
    expect(target.posts.map((post) => post.path)).toEqual(['/hook', '/hook', '/hook']);
  });

  it('connects to the address it checked, keeping the name for the Host header', async () => {
    const [first] = await lookup('localhost', { all: true });
    const target = await receiver(() => 200, first.address);
    const url = target.url('/hook').replace(/\/\/[^/]+:/, '//localhost:');

    const result = await make(true).deliver({ url, secret: SECRET }, {});

    expect(result).toMatchObject({ ok: true, attempts: 1 });
    expect(target.posts[0].headers.host).toBe(new URL(url).host);
  });

  it('logs where and why, but no secret, signature, path or query', async () => {
    const target = await receiver(() => 500);
    logged.length = 0;

    await make(true).deliver(
      { url: target.url('/hook/abc?token=receiver-token'), secret: SECRET },
      {},
    );
    await make(false).deliver({ url: 'https://user:password@10.0.0.1/hook', secret: SECRET }, {});

    expect(logged).toContain(`Callback to ${target.url('')} gave up after 3 tries: HTTP 500`);
    expect(logged).toContain(
      'Callback to https://10.0.0.1 refused: the URL must not contain credentials',
    );
    for (const leak of [SECRET, 'v1=', '/hook', 'receiver-token', 'password']) {
      expect(logged.filter((line) => line.includes(leak))).toEqual([]);
    }
  });

  describe('with OUTBOUND_ALLOW_PRIVATE off', () => {
    let target: Receiver;
    let port: string;

    beforeEach(async () => {
      target = await receiver(() => 200);
      port = new URL(target.url('/')).port;
    });

    it.each([
      ['127.0.0.1', (p: string) => `http://127.0.0.1:${p}/hook`],
      ['127.0.0.1 as a decimal number', (p: string) => `http://2130706433:${p}/hook`],
      ['10.0.0.1', (p: string) => `http://10.0.0.1:${p}/hook`],
      ['the metadata service', () => 'http://169.254.169.254/latest/meta-data/'],
      ['[::1]', (p: string) => `http://[::1]:${p}/hook`],
      ['[::ffff:127.0.0.1]', (p: string) => `http://[::ffff:127.0.0.1]:${p}/hook`],
      ['localhost', (p: string) => `http://localhost:${p}/hook`],
    ])('refuses %s without making a request', async (_name, url) => {
      const result = await make(false).deliver({ url: url(port), secret: SECRET }, {});

      expect(result).toMatchObject({ ok: false, attempts: 0 });
      expect(result.error).toMatch(/^refused: the URL must not target /);
      expect(target.posts).toHaveLength(0);
    });

    it('refuses a name that resolves to a loopback or private address', async () => {
      const alias = nameResolvingToNonPublicAddress();

      const result = await make(false).deliver(
        { url: `http://${alias}:${port}/hook`, secret: SECRET },
        {},
      );

      expect(result).toEqual({
        ok: false,
        attempts: 0,
        error: 'refused: the URL resolves to a private or reserved address',
      });
      expect(target.posts).toHaveLength(0);
    });
  });
});
