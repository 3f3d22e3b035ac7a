import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { appWithKey, bearer, startApp, type TestApp, viewerToken } from '../harness/test-app';
import { until } from '../support/polling';
import { SseClient } from '../support/sse-client';
import { withoutStall } from '../support/stall-probe';

/** What the attacker's process prints: the status, a tab, the body. */
const ATTACKER = `
const [url, file] = process.argv.slice(1);
fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' },
  body: require('node:fs').readFileSync(file) })
  .then(async (res) => process.stdout.write(res.status + '\\t' + (await res.text())));
`;

/**
 * POSTs a file's bytes as JSON from a process of its own, as a remote attacker would: the
 * sending costs the server's process nothing, so the probe sees only what the server spends.
 */
async function postFrom(url: string, file: string): Promise<{ status: number; body: string }> {
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', ATTACKER, url, file]);
  const tab = stdout.indexOf('\t');
  return { status: Number(stdout.slice(0, tab)), body: stdout.slice(tab + 1) };
}

/**
 * The attacks of issue 11 repeated against the embedded default, each while the stall probe
 * checks that `GET /health/live` keeps answering within 200 ms.
 */
describe('hostile requests neither stall the service nor answer 500', () => {
  let t: TestApp;
  let key: string;
  /** The served address, for attacks sent from another process. */
  let base: string;

  beforeAll(async () => {
    t = await startApp();
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    ({ key } = await appWithKey(t, { name: 'target', rateLimitPerMinute: 100_000 }));
  });
  afterAll(async () => {
    await t.close();
  });

  describe('a large body without credentials', () => {
    /** `[{},{},…,{}]`: 4.7 million empty objects, 14 MB. */
    const body = (): Buffer => {
      const objects = 4_700_000;
      const json = Buffer.alloc(3 * objects + 3);
      json.write('[', 0);
      json.fill('{},', 1, 1 + 3 * objects);
      json.write('{}]', 1 + 3 * objects);
      return json;
    };
    let file: string;

    beforeAll(async () => {
      file = join(await mkdtemp(join(tmpdir(), 'sb-abuse-')), 'objects.json');
      await writeFile(file, body());
      // The first large request a process takes pays once for loading the code that refuses it
      // and for growing its buffers; the probe times the attack as it repeats.
      expect(await postFrom(`${base}/api/v1/apps`, file)).toMatchObject({ status: 401 });
    });
    afterAll(async () => {
      await rm(dirname(file), { recursive: true, force: true });
    });

    it('answers 14 MB of tiny JSON objects 401 without parsing them', async () => {
      const res = await withoutStall(t.http, () => postFrom(`${base}/api/v1/apps`, file));
      expect(res.status).toBe(401);
      expect((JSON.parse(res.body) as { code: string }).code).toBe('UNAUTHORIZED');
    });
  });

  describe('templates whose loops multiply', () => {
    const LOOPS = '{{#each @root.a}}{{#each @root.a}}{{#each @root.a}}x{{/each}}{{/each}}{{/each}}';
    const data = { a: Array.from({ length: 200 }, (_, i) => i) };
    let templateId: string;
    /** The answer's details when a render passed its time or output budget. */
    const pastBudget = (field: string): object[] => [
      {
        field,
        code: 'template_error',
        message: expect.stringMatching(/longer than 50 ms|passed 1000000 characters/),
      },
    ];

    beforeAll(async () => {
      const res = await t.http
        .post('/api/v1/templates')
        .set('x-api-key', key)
        .send({ name: 'loops', subject: 'Hi', html: LOOPS })
        .expect(201);
      templateId = res.body.id;
    });

    it('stops a preview at its budget: 400 template_error naming the limit', async () => {
      const res = await withoutStall(t.http, () =>
        t.http
          .post(`/api/v1/templates/${templateId}/preview`)
          .set(bearer(viewerToken()))
          .send({ data }),
      );
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual(pastBudget('data'));
    });

    it('stops an email send rendering it at its budget: 400 template_error', async () => {
      const res = await withoutStall(t.http, () =>
        t.http
          .post('/api/v1/messages/email')
          .set('x-api-key', key)
          .send({ to: 'alex@example.com', template: 'loops', templateData: data }),
      );
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual(pastBudget('templateData'));
    });
  });

  it('refuses HTML nested 80,000 deep as 400 html_too_deep, never 500', async () => {
    const html = `${'<div>'.repeat(80_000)}deep${'</div>'.repeat(80_000)}`;
    const body = JSON.stringify({ to: 'alex@example.com', subject: 'Deep', html });
    const res = await withoutStall(t.http, () =>
      t.http
        .post('/api/v1/messages/email')
        .set('x-api-key', key)
        .set('content-type', 'application/json')
        .send(body),
    );
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([
      { field: 'html', code: 'html_too_deep', message: expect.stringContaining('100') },
    ]);
  });
  describe('message lists over large emails', () => {
    const part = 'x'.repeat(1_000_000);

    beforeAll(async () => {
      const email = JSON.stringify({
        to: 'big@example.com',
        subject: 'Large',
        text: part,
        html: `<p>${part.slice(7)}</p>`,
      });
      for (let i = 0; i < 20; i += 1) {
        await t.http
          .post('/api/v1/messages/email')
          .set('x-api-key', key)
          .set('content-type', 'application/json')
          .send(email)
          .expect(202);
      }
    });

    it('answers summaries under 1 MB, without the bodies', async () => {
      const res = await withoutStall(t.http, () =>
        t.http.get('/api/v1/messages?limit=100&channel=email').set('x-api-key', key),
      );
      expect(res.status).toBe(200);
      expect(res.body.data).toHaveLength(20);
      expect(res.text.length).toBeLessThan(1_000_000);
      expect(res.body.data[0]).not.toHaveProperty('content');
      expect(res.body.data[0]).toMatchObject({ channel: 'email', to: ['big@example.com'] });
    });

    it('adds content only when asked, in pages of at most 10', async () => {
      const one = await t.http
        .get('/api/v1/messages?limit=1&channel=email&include=content')
        .set('x-api-key', key)
        .expect(200);
      expect(one.body.data[0].content.text).toHaveLength(1_000_000);
      const tooMany = await t.http
        .get('/api/v1/messages?limit=11&channel=email&include=content')
        .set('x-api-key', key)
        .expect(400);
      expect(tooMany.body.details).toEqual([
        { field: 'limit', code: 'limit_too_large', message: expect.stringContaining('10') },
      ]);
    });
  });
});

describe('the embedded store under sustained sends', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startApp({}, { MEMORY_STORE_MAX_MESSAGES: '50' });
    ({ key } = await appWithKey(t, { name: 'sustained', rateLimitPerMinute: 100_000 }));
  });
  afterAll(async () => {
    await t.close();
  });

  const listed = async (): Promise<{ messageId: string; status: string }[]> =>
    (await t.http.get('/api/v1/messages?limit=100').set('x-api-key', key).expect(200)).body.data;

  it('keeps at most MEMORY_STORE_MAX_MESSAGES, dropping the longest settled first', async () => {
    const sent: string[] = [];
    await withoutStall(t.http, async () => {
      for (let i = 0; i < 150; i += 1) {
        const res = await t.http
          .post('/api/v1/messages/sms')
          .set('x-api-key', key)
          .send({ to: '+14155550100', body: `number ${i}` })
          .expect(202);
        sent.push(res.body.messageId);
      }
    });
    await until(
      async () => (await listed()).every((m) => m.status !== 'QUEUED' && m.status !== 'SENDING'),
      'every message kept to be sent',
    );
    const kept = (await listed()).map((m) => m.messageId);
    expect(kept.length).toBeLessThanOrEqual(50);
    expect(kept[0]).toBe(sent[149]);
    await t.http.get(`/api/v1/messages/${sent[0]}`).set('x-api-key', key).expect(404);
  });
});

describe('live inbox streams', () => {
  let t: TestApp;
  let port: number;
  const opened: SseClient[] = [];

  beforeAll(async () => {
    t = await startApp({}, { STREAM_MAX_PER_APP: '5', STREAM_MAX_PER_PROCESS: '8' });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const client of opened) client.close();
    await t.close();
  });

  const stream = async (key: string, user: string): Promise<SseClient> => {
    const client = await SseClient.open(port, `/api/v1/inbox/${user}/stream`, { 'x-api-key': key });
    opened.push(client);
    return client;
  };
  const statuses = (clients: SseClient[]): (number | undefined)[] =>
    clients.map((client) => client.res.statusCode);

  it('opens at most STREAM_MAX_PER_APP per app and STREAM_MAX_PER_PROCESS in all: 429 beyond', async () => {
    const a = (await appWithKey(t, { name: 'streams-a', rateLimitPerMinute: 100_000 })).key;
    const b = (await appWithKey(t, { name: 'streams-b', rateLimitPerMinute: 100_000 })).key;
    // Each key's first use costs a hash check; the attack is what follows.
    await t.http.get('/api/v1/inbox/warm-up').set('x-api-key', a).expect(200);
    const ofA = await withoutStall(t.http, async () => {
      const clients: SseClient[] = [];
      for (let i = 0; i < 30; i += 1) clients.push(await stream(a, `user-${i}`));
      return clients;
    });
    expect(statuses(ofA).filter((status) => status === 200)).toHaveLength(5);
    const refused = ofA.filter((client) => client.res.statusCode === 429);
    expect(refused).toHaveLength(25);
    expect(refused[0]?.res.headers['retry-after']).toBe('30');
    const ofB = [];
    for (let i = 0; i < 4; i += 1) ofB.push(await stream(b, `user-${i}`));
    expect(statuses(ofB)).toEqual([200, 200, 200, 429]);
    ofA.find((client) => client.res.statusCode === 200)?.close();
    await until(
      async () => (await stream(b, 'late')).res.statusCode === 200,
      'a closed stream to make room',
    );
  });
});

describe('the lifetime of a live inbox stream', () => {
  it('ends a stream after STREAM_MAX_LIFETIME_SECONDS', async () => {
    const t = await startApp({}, { STREAM_MAX_LIFETIME_SECONDS: '2' });
    try {
      await t.app.listen(0, '127.0.0.1');
      const port = (t.app.getHttpServer().address() as AddressInfo).port;
      const { key } = await appWithKey(t, { name: 'lifetime' });
      const client = await SseClient.open(port, '/api/v1/inbox/lifetime/stream', {
        'x-api-key': key,
      });
      expect(client.res.statusCode).toBe(200);
      const started = performance.now();
      await new Promise((resolve) => client.res.once('end', resolve));
      expect(performance.now() - started).toBeGreaterThan(1_500);
    } finally {
      await t.close();
    }
  });
});
