import { generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sign, type SignOptions } from 'jsonwebtoken';

/** A signing key of an identity provider: its private half signs, its public half is published. */
export interface IssuerKey {
  readonly kid: string;
  readonly alg: 'RS256' | 'ES256';
  readonly privateKey: KeyObject;
  readonly jwk: JsonWebKey;
}

export function issuerKey(kid: string, alg: IssuerKey['alg']): IssuerKey {
  const { privateKey, publicKey } =
    alg === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { kid, alg, privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg } };
}

/** A token signed with `key`, naming its `kid`; `options` may change the algorithm and claims. */
export function tokenOf(
  key: IssuerKey,
  claims: Record<string, unknown>,
  options: SignOptions = {},
): string {
  return sign(claims, key.privateKey, {
    algorithm: key.alg,
    keyid: key.kid,
    subject: 'admin-user',
    expiresIn: 300,
    ...options,
  });
}

/**
 * An identity provider's key set endpoint on 127.0.0.1: serves the public keys it is given,
 * counts the requests, and can be made to fail.
 */
export class JwksServer {
  keys: IssuerKey[] = [];
  failing = false;
  requests = 0;
  private readonly server: Server;

  constructor() {
    this.server = createServer((req, res) => {
      this.requests += 1;
      if (this.failing || req.url !== '/.well-known/jwks.json') {
        res.writeHead(this.failing ? 503 : 404).end();
        return;
      }
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ keys: this.keys.map(({ jwk }) => ({ ...jwk, use: 'sig' })) }));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/.well-known/jwks.json`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => {
      this.server.close(() => {
        resolve();
      });
    });
  }
}
