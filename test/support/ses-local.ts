import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { freePort } from '../harness/servers';

const BIN = join(__dirname, '..', '..', 'node_modules', '.bin', 'aws-ses-v2-local');
const START_TIMEOUT_MS = 30_000;
const SEND_PATH = '/v2/email/outbound-emails';

/** A SendEmail request body (SES API v2) as the client sent it. */
export interface SesSendRequest {
  readonly FromEmailAddress?: string;
  readonly Destination?: {
    readonly ToAddresses?: string[];
    readonly CcAddresses?: string[];
    readonly BccAddresses?: string[];
  };
  readonly ReplyToAddresses?: string[];
  readonly Content: {
    readonly Simple?: {
      readonly Subject: { readonly Data: string; readonly Charset?: string };
      readonly Body: { readonly Text?: { Data: string }; readonly Html?: { Data: string } };
    };
    /** The MIME message, base64. */
    readonly Raw?: { readonly Data: string };
  };
  readonly EmailTags?: { readonly Name: string; readonly Value: string }[];
  readonly ConfigurationSetName?: string;
}

/** An email as aws-ses-v2-local keeps it (GET /store). */
export interface SesStoredEmail {
  readonly messageId: string;
  readonly from: string;
  readonly replyTo: string[];
  readonly destination: { readonly to: string[]; readonly cc: string[]; readonly bcc: string[] };
  readonly subject: string;
  readonly body: { readonly text?: string; readonly html?: string };
  readonly attachments: {
    readonly filename?: string;
    readonly contentType: string;
    /** base64 */
    readonly content: string;
  }[];
}

export interface SesLocal {
  /** Where the SES client sends requests (the provider's `endpoint`, SES_ENDPOINT). */
  readonly endpoint: string;
  /** SendEmail requests that reached the emulator, in order (it does not keep tags). */
  readonly requests: SesSendRequest[];
  /** What the emulator accepted, oldest first. */
  emails(): Promise<SesStoredEmail[]>;
  /** Stops the emulator and its recorder: the endpoint then refuses connections. */
  stop(): Promise<void>;
}

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });

/** Passes every request to the emulator unchanged, keeping a copy of SendEmail bodies. */
function startRecorder(upstreamPort: number, requests: SesSendRequest[]): Promise<Server> {
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      if (req.method === 'POST' && req.url === SEND_PATH)
        requests.push(JSON.parse(body.toString('utf8')) as SesSendRequest);
      const upstream = request(
        {
          host: '127.0.0.1',
          port: upstreamPort,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', (error) => {
        res.writeHead(502).end(error.message);
      });
      upstream.end(body);
    })();
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve(server);
    });
  });
}

async function waitUntilHealthy(port: number, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`aws-ses-v2-local exited:\n${output()}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health-check`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`aws-ses-v2-local did not start within ${START_TIMEOUT_MS} ms:\n${output()}`);
    await new Promise((wake) => setTimeout(wake, 100));
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      done();
    });
    child.kill('SIGTERM');
  });
}

/** aws-ses-v2-local in its own process on a free loopback port, behind a request recorder. */
export async function startSesLocal(): Promise<SesLocal> {
  const port = await freePort();
  const child = spawn(BIN, ['--host', '127.0.0.1', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  try {
    await waitUntilHealthy(port, child, () => output);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  const requests: SesSendRequest[] = [];
  const recorder = await startRecorder(port, requests);
  let stopped = false;
  return {
    endpoint: `http://127.0.0.1:${(recorder.address() as AddressInfo).port}`,
    requests,
    async emails() {
      const answer = await fetch(`http://127.0.0.1:${port}/store`);
      return ((await answer.json()) as { emails: SesStoredEmail[] }).emails;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      recorder.closeAllConnections();
      await new Promise((closed) => recorder.close(closed));
      await stopChild(child);
    },
  };
}
