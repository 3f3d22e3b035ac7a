import { freePort } from '../harness/servers';
import { spawnServer, waitUntilLive } from '../support/server-process';
import { WebhookReceiver } from '../support/webhook-receiver';

/** Runs the service with `env`, asks it one request, and stops it with SIGTERM. */
async function serveOneRequest(env: Record<string, string>): Promise<void> {
  const port = await freePort();
  const run = spawnServer('src/main.ts', { PORT: String(port), HOST: '127.0.0.1', ...env });
  try {
    await waitUntilLive(port, run);
    expect((await fetch(`http://127.0.0.1:${port}/api/v1/version`)).status).toBe(200);
  } finally {
    run.child.kill('SIGTERM');
  }
  expect(await run.exited).toBe(0);
}

/** The service as a process, exporting its traces over OTLP/HTTP to a real receiver. */
describe('OTLP trace export', () => {
  let collector: WebhookReceiver;

  beforeAll(async () => {
    collector = await new WebhookReceiver(() => 200).start();
  });
  afterAll(async () => {
    await collector.stop();
  });

  it('posts the request spans to OTEL_EXPORTER_OTLP_ENDPOINT, named after the service, by the time it stops', async () => {
    await serveOneRequest({
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url(''),
      OTEL_SERVICE_NAME: 'switchboard-otlp',
    });

    const posts = collector.postsTo('/v1/traces');
    expect(posts.length).toBeGreaterThan(0);
    const body = posts.map((post) => post.body).join('');
    expect(body).toContain('GET /api/v1/version');
    expect(body).toContain('switchboard-otlp');
  }, 90_000);

  it('exports nothing without an endpoint', async () => {
    const before = collector.posts.length;
    await serveOneRequest({});
    expect(collector.posts.length).toBe(before);
  }, 90_000);
});
