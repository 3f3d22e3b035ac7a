import { join } from 'node:path';
import { freePort } from '../harness/servers';
import { spawnWatched, stopChild, untilReady } from './child-process';
import { startRecordingProxy } from './recording-proxy';

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

/** Whether the emulator answers its health check (false while it is not listening yet). */
async function healthy(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/health-check`)).ok;
  } catch {
    return false;
  }
}

/** aws-ses-v2-local in its own process on a free loopback port, behind a request recorder. */
export async function startSesLocal(): Promise<SesLocal> {
  const port = await freePort();
  const emulator = spawnWatched(BIN, ['--host', '127.0.0.1', '--port', String(port)]);
  await untilReady(emulator, () => healthy(port), 'aws-ses-v2-local to start', START_TIMEOUT_MS);
  const requests: SesSendRequest[] = [];
  const recorder = await startRecordingProxy(port, {
    answered: ({ method, url, body }) => {
      if (method === 'POST' && url === SEND_PATH)
        requests.push(JSON.parse(body.toString('utf8')) as SesSendRequest);
    },
  });
  let stopped = false;
  return {
    endpoint: recorder.baseUrl,
    requests,
    async emails() {
      const answer = await fetch(`http://127.0.0.1:${port}/store`);
      return ((await answer.json()) as { emails: SesStoredEmail[] }).emails;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await recorder.stop();
      await stopChild(emulator.child);
    },
  };
}
