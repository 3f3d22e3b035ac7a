import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnTypeScript, stopChild, untilReady } from './child-process';
import { until } from './polling';
import type { SmtpReceiverConfig, SmtpReceiverEvent } from './smtp-receiver.server';

const ENTRY = join(__dirname, 'smtp-receiver.server.ts');
const START_TIMEOUT_MS = 30_000;

/** A message as the receiving server got it: the SMTP envelope and the raw bytes. */
export interface ReceivedMail {
  readonly mailFrom: string;
  readonly rcptTo: readonly string[];
  readonly secure: boolean;
  readonly user?: string;
  readonly raw: Buffer;
}

export interface SmtpReceiver {
  readonly port: number;
  readonly messages: ReceivedMail[];
  /** Sessions (connections) the server has seen open, and those that closed. */
  readonly opened: string[];
  readonly closed: string[];
  /** Waits until `count` messages have arrived (since the last reset). */
  waitForMessages(count: number, ms?: number): Promise<ReceivedMail[]>;
  reset(): void;
  stop(): Promise<void>;
}

export interface TestCertificate {
  readonly keyFile: string;
  readonly certFile: string;
  remove(): void;
}

/** A self-signed certificate for 127.0.0.1 and localhost, made with openssl for one test run. */
export function selfSignedCertificate(): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-smtp-tls-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        keyFile,
        '-out',
        certFile,
        '-days',
        '2',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
      ],
      { stdio: 'pipe' },
    );
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`openssl could not make a test certificate: ${String(error)}`);
  }
  return {
    keyFile,
    certFile,
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts test/support/smtp-receiver.server.ts in a child process (under ts-node) on a free
 * loopback port and collects what it reports.
 */
export async function startSmtpReceiver(config: SmtpReceiverConfig): Promise<SmtpReceiver> {
  const receiver = spawnTypeScript(
    ENTRY,
    { SMTP_RECEIVER_CONFIG: JSON.stringify(config) },
    { ipc: true },
  );
  let port = 0;
  const messages: ReceivedMail[] = [];
  const opened: string[] = [];
  const closed: string[] = [];
  receiver.child.on('message', (event: SmtpReceiverEvent) => {
    switch (event.type) {
      case 'listening':
        port = event.port;
        return;
      case 'connect':
        opened.push(event.session);
        return;
      case 'close':
        closed.push(event.session);
        return;
      case 'message':
        messages.push({ ...event, raw: Buffer.from(event.raw, 'base64') });
        return;
    }
  });
  await untilReady(receiver, () => port !== 0, 'the SMTP receiver to listen', START_TIMEOUT_MS);
  return {
    port,
    messages,
    opened,
    closed,
    async waitForMessages(count, ms = 10_000) {
      await until(() => messages.length >= count, `${count} message(s) at the SMTP receiver`, ms);
      return messages.slice(0, count);
    },
    reset() {
      messages.length = 0;
      opened.length = 0;
      closed.length = 0;
    },
    stop: () => stopChild(receiver.child),
  };
}
