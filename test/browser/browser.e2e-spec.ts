import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { freePort } from '../harness/servers';
// Debian's Chromium: packages that download a browser of their own do not work here.
import { CHROMIUM } from '../harness/test-servers-install';
import { stopChild } from '../support/child-process';
import { type ServerProcess, spawnServer, waitUntilLive } from '../support/server-process';

/** ts-node compiles the whole service first, which takes a while on a busy machine. */
const STARTUP_MS = 150_000;
const ARTIFACTS = join(__dirname, '..', 'artifacts');
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A page of another origin whose script reads the apps with a token and shows what it got. */
const frontEnd = (api: string, token: string): string => `<!doctype html>
<html><body><pre id="result">waiting</pre><script>
fetch(${JSON.stringify(`${api}/api/v1/apps`)}, { headers: { Authorization: 'Bearer ${token}' } })
  .then((res) => res.json())
  .then((body) => { document.getElementById('result').textContent = JSON.stringify(body); })
  .catch((error) => { document.getElementById('result').textContent = 'refused: ' + error; });
</script></body></html>`;

async function serveFrontEnd(page: () => string): Promise<{ server: Server; origin: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end(page());
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const logged = (output: string, pattern: RegExp, what: string): string => {
  const found = pattern.exec(output)?.[1];
  if (found === undefined) throw new Error(`the start-up log shows no ${what}`);
  return found;
};

describe('in a browser, against the embedded default started as a process', () => {
  let api: ServerProcess | undefined;
  let base: string;
  let key: string;
  let token: string;
  let listed: { server: Server; origin: string };
  let unlisted: { server: Server; origin: string };
  let profile: string | undefined;
  let browser: BrowserContext | undefined;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: run scripts/install-test-servers.sh as root`);
    }
    listed = await serveFrontEnd(() => frontEnd(base, token));
    unlisted = await serveFrontEnd(() => frontEnd(base, token));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    api = spawnServer('src/main.ts', {
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_FORMAT: 'json',
      CORS_ORIGINS: listed.origin,
    });
    await waitUntilLive(port, api, STARTUP_MS);
    const output = api.output();
    key = logged(output, /Development API key \(x-api-key\): (sb_\S+?)"/, 'API key');
    token = logged(output, /Bearer\): (\S+?)"/, 'admin token');
    profile = await mkdtemp(join(tmpdir(), 'switchboard-browser-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
    });
    browser = context;
  }, STARTUP_MS + 60_000);
  afterAll(async () => {
    await browser?.close();
    if (profile !== undefined) await rm(profile, { recursive: true, force: true });
    if (api) await stopChild(api.child);
    listed.server.close();
    unlisted.server.close();
  });

  const opened = (): BrowserContext => {
    if (!browser) throw new Error('the browser did not start');
    return browser;
  };

  it('sends an SMS from Swagger UI with the printed key: Try it out, Execute, 202', async () => {
    const page = await opened().newPage();
    await page.goto(`${base}/docs`);
    await page.locator('button.authorize').first().click();
    const apiKeyForm = page.locator('.auth-container', { hasText: 'x-api-key' });
    await apiKeyForm.locator('input').fill(key);
    await apiKeyForm.locator('button.authorize').click();
    await page.locator('button.btn-done').first().click();
    const operation = page.locator('#operations-sms-SmsController_send');
    await operation.locator('.opblock-summary').click();
    await operation.locator('button.try-out__btn').click();
    await operation.locator('button.execute').click();
    const status = operation
      .locator('.live-responses-table tr.response .response-col_status')
      .first();
    await status.waitFor({ timeout: 30_000 });
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'swagger-ui-sms.png'), fullPage: true });
    expect((await status.textContent())?.trim()).toBe('202');
    expect(await operation.locator('.live-responses-table').textContent()).toContain('QUEUED');
  }, 120_000);

  it('lets a front end of a listed origin read the apps with an admin token', async () => {
    const page = await opened().newPage();
    await page.goto(listed.origin);
    const result = page.locator('#result', { hasNotText: 'waiting' });
    await result.waitFor();
    const body = JSON.parse((await result.textContent()) ?? '') as { data: { name: string }[] };
    expect(body.data.map((app) => app.name)).toContain('Development');
  }, 60_000);

  it('refuses a front end of an origin not listed: the browser keeps the answer from its script', async () => {
    const page = await opened().newPage();
    await page.goto(unlisted.origin);
    const result = page.locator('#result', { hasNotText: 'waiting' });
    await result.waitFor();
    expect(await result.textContent()).toMatch(/^refused: TypeError/);
  }, 60_000);
});
