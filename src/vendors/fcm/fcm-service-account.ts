import { createPrivateKey } from 'node:crypto';

/** What FCM sends need of a Google service-account key file. */
export interface FcmServiceAccount {
  readonly projectId: string;
  readonly clientEmail: string;
  /** PEM; never logged. */
  readonly privateKey: string;
  readonly privateKeyId?: string;
  /** The OAuth 2.0 token endpoint the key file names. */
  readonly tokenUri: string;
}

export type ParsedServiceAccount =
  | { readonly ok: true; readonly account: FcmServiceAccount }
  | { readonly ok: false; readonly problem: string };

const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;

function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === 'https:' || protocol === 'http:';
}

function isPrivateKey(pem: string): boolean {
  try {
    return createPrivateKey(pem).asymmetricKeyType === 'rsa';
  } catch {
    return false;
  }
}

/**
 * Reads a service-account key file's JSON. Problems name the field, never a value: the text
 * holds the private key.
 */
export function parseServiceAccount(json: string): ParsedServiceAccount {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { ok: false, problem: 'must be a service-account key file (JSON)' };
  }
  if (!isRecord(parsed))
    return { ok: false, problem: 'must be a service-account key (a JSON object)' };
  if (parsed.type !== undefined && parsed.type !== 'service_account')
    return { ok: false, problem: 'must be a key of type service_account' };
  const projectId = text(parsed.project_id);
  const clientEmail = text(parsed.client_email);
  const privateKey = text(parsed.private_key);
  const tokenUri = text(parsed.token_uri) ?? GOOGLE_TOKEN_URI;
  const privateKeyId = text(parsed.private_key_id);
  if (!projectId) return { ok: false, problem: 'lacks project_id' };
  if (!clientEmail) return { ok: false, problem: 'lacks client_email' };
  if (!privateKey || !isPrivateKey(privateKey))
    return { ok: false, problem: 'lacks a private_key (an RSA key in PEM)' };
  if (!isHttpUrl(tokenUri))
    return { ok: false, problem: 'has a token_uri that is not an http(s) URL' };
  return {
    ok: true,
    account: {
      projectId,
      clientEmail,
      privateKey,
      tokenUri,
      ...(privateKeyId === undefined ? {} : { privateKeyId }),
    },
  };
}
