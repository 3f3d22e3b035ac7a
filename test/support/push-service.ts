import {
  createDecipheriv,
  createECDH,
  createHmac,
  createPublicKey,
  randomBytes,
  type ECDH,
  type KeyObject,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { decode, type JwtPayload, verify } from 'jsonwebtoken';
import { selfSignedCertificate, type TestCertificate } from './smtp-receiver';

/**
 * A browser's side of a push subscription, made in the test: the P-256 key pair and auth
 * secret the browser would keep, and the keys it would hand to the page.
 */
export class TestSubscriber {
  private readonly ecdh: ECDH = createECDH('prime256v1');
  readonly auth = randomBytes(16);

  constructor() {
    this.ecdh.generateKeys();
  }

  get publicKey(): Buffer {
    return this.ecdh.getPublicKey();
  }

  subscription(endpoint: string): { endpoint: string; keys: { p256dh: string; auth: string } } {
    return {
      endpoint,
      keys: { p256dh: this.publicKey.toString('base64url'), auth: this.auth.toString('base64url') },
    };
  }

  /**
   * Decrypts an `aes128gcm` push message body (RFC 8188 framing, RFC 8291 keys) as a browser
   * does, written from the RFCs so that it checks the sender independently of its library.
   */
  decrypt(body: Buffer): string {
    const salt = body.subarray(0, 16);
    const recordSize = body.readUInt32BE(16);
    const keyIdLength = body.readUInt8(20);
    const senderPublicKey = body.subarray(21, 21 + keyIdLength);
    const records = body.subarray(21 + keyIdLength);
    if (records.length > recordSize) throw new Error('expected a single record');
    const sharedSecret = this.ecdh.computeSecret(senderPublicKey);
    // RFC 8291 §3.4: IKM from the ECDH secret, keyed with the auth secret and both public keys.
    const prkKey = hmac(this.auth, sharedSecret);
    const keyInfo = Buffer.concat([
      Buffer.from('WebPush: info\0'),
      this.publicKey,
      senderPublicKey,
    ]);
    const ikm = hmac(prkKey, Buffer.concat([keyInfo, Buffer.from([1])]));
    // RFC 8188 §2.2 and §2.3: content encryption key and nonce from the salt.
    const prk = hmac(salt, ikm);
    const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0\x01')).subarray(0, 16);
    const nonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0\x01')).subarray(0, 12);
    const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
    decipher.setAuthTag(records.subarray(records.length - 16));
    const padded = Buffer.concat([
      decipher.update(records.subarray(0, records.length - 16)),
      decipher.final(),
    ]);
    // The last record ends with the delimiter 0x02, then any zero padding.
    let end = padded.length - 1;
    while (end >= 0 && padded[end] === 0) end -= 1;
    if (padded[end] !== 2) throw new Error('the last record lacks its 0x02 delimiter');
    return padded.subarray(0, end).toString('utf8');
  }
}

const hmac = (key: Buffer, data: Buffer): Buffer => createHmac('sha256', key).update(data).digest();

/** A VAPID public key (uncompressed P-256 point, base64url) as a key object for verifying. */
function vapidKeyObject(publicKey: string): KeyObject {
  const point = Buffer.from(publicKey, 'base64url');
  return createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33, 65).toString('base64url'),
    },
    format: 'jwk',
  });
}

/** What the push service made of one request. */
export interface PushRequest {
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
  /** The VAPID public key from `k=`, when the Authorization header verified. */
  readonly vapidPublicKey?: string;
  readonly vapidClaims?: JwtPayload;
  /** Why the VAPID header did not verify. */
  readonly vapidProblem?: string;
}

export interface TestPushService {
  readonly origin: string;
  readonly requests: PushRequest[];
  /** Statuses to answer with, in order; 201 once they run out. */
  readonly statuses: number[];
  /** The certificate authority a provider must trust to reach it (PEM). */
  readonly ca: string;
  endpoint(path: string): string;
  stop(): Promise<void>;
}

/** Checks `Authorization: vapid t=<JWT>, k=<key>` (RFC 8292) against the endpoint's origin. */
function checkVapid(
  header: string | undefined,
  origin: string,
): Pick<PushRequest, 'vapidPublicKey' | 'vapidClaims' | 'vapidProblem'> {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header ?? '');
  if (!match) return { vapidProblem: `no vapid Authorization header: ${header ?? '(none)'}` };
  const [, jwt = '', key = ''] = match;
  try {
    const claims = verify(jwt, vapidKeyObject(key), { algorithms: ['ES256'], audience: origin });
    if (typeof claims === 'string') return { vapidProblem: 'the JWT has no claims' };
    if (typeof claims.sub !== 'string' || !/^(mailto:|https:)/.test(claims.sub))
      return { vapidProblem: 'the JWT has no mailto: or https: sub' };
    if (typeof claims.exp !== 'number') return { vapidProblem: 'the JWT has no exp' };
    return { vapidPublicKey: key, vapidClaims: claims };
  } catch (error) {
    return {
      vapidProblem: `${String(error)} (header ${JSON.stringify(decode(jwt, { complete: true })?.header)})`,
    };
  }
}

/**
 * A push service on 127.0.0.1 over HTTPS (web-push only speaks https, as real push services
 * do), with a self-signed certificate the provider is told to trust through its `ca` option.
 */
export async function startPushService(): Promise<TestPushService> {
  const certificate: TestCertificate = selfSignedCertificate();
  const ca = readFileSync(certificate.certFile, 'utf8');
  const requests: PushRequest[] = [];
  const statuses: number[] = [];
  let origin = '';
  const server: Server = createServer(
    { key: readFileSync(certificate.keyFile), cert: ca },
    (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = request.url ?? '/';
        requests.push({
          path,
          headers: request.headers,
          body: Buffer.concat(chunks),
          ...checkVapid(request.headers.authorization, origin),
        });
        const status = statuses.shift() ?? 201;
        if (status === 201) response.setHeader('location', `${origin}/messages/${requests.length}`);
        response.writeHead(status).end(status === 201 ? '' : `push service says ${status}`);
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    statuses,
    ca,
    endpoint: (path) => `${origin}${path}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
      certificate.remove();
    },
  };
}
