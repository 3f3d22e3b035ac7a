import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a link in an email does: count an open (the pixel), a click, or unsubscribe. */
export const LINK_KINDS = ['open', 'click', 'unsubscribe'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

/** What a signed link names: one message, one of its recipients, and for a click the URL. */
export interface LinkClaim {
  readonly kind: LinkKind;
  readonly messageId: string;
  /** The recipient's place among the message's recipients (`emailRecipients`): no address in the link. */
  readonly recipient: number;
  /** Where a click leads: exactly the URL that was in the message. */
  readonly url?: string;
}

const VERSION = 1;
/** 128 bits of HMAC-SHA256: out of reach of guessing, short enough for a link. */
const TAG_BYTES = 16;
/** Longer is no token of ours: refused before any work. */
export const MAX_TOKEN_LENGTH = 4096;
const MAX_RECIPIENT = 1000;

type Payload = [number, number, string, number, ...string[]];

function payloadOf(claim: LinkClaim): Payload {
  const kind = LINK_KINDS.indexOf(claim.kind);
  const head: Payload = [VERSION, kind, claim.messageId, claim.recipient];
  return claim.url === undefined ? head : [...head, claim.url];
}

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** The claim of a payload read back, when it has the shape `payloadOf` writes. */
function claimOf(value: unknown): LinkClaim | undefined {
  if (!Array.isArray(value) || value.length < 4 || value.length > 5) return undefined;
  const [version, kindIndex, messageId, recipient, url] = value as unknown[];
  const kind = typeof kindIndex === 'number' ? LINK_KINDS[kindIndex] : undefined;
  if (version !== VERSION || kind === undefined || !isText(messageId)) return undefined;
  if (!Number.isInteger(recipient) || (recipient as number) < 0) return undefined;
  if ((recipient as number) >= MAX_RECIPIENT) return undefined;
  if (url !== undefined && !isText(url)) return undefined;
  if ((kind === 'click') !== (url !== undefined)) return undefined;
  return { kind, messageId, recipient: recipient as number, ...(url === undefined ? {} : { url }) };
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The tokens in tracking and unsubscribe links: `<payload>.<tag>`, the payload the claim as JSON
 * in base64url, the tag a truncated HMAC-SHA256 of it under the engagement key. Only the service
 * can make one; a token changed in any way reads as none, and nothing tells how it failed.
 */
export class LinkTokens {
  constructor(private readonly key: Buffer) {}

  sign(claim: LinkClaim): string {
    const payload = Buffer.from(JSON.stringify(payloadOf(claim)), 'utf8').toString('base64url');
    return `${payload}.${this.tag(payload).toString('base64url')}`;
  }

  /** The claim of a token this service signed for links of `kind`; undefined for anything else. */
  read(kind: LinkKind, token: string): LinkClaim | undefined {
    if (token.length > MAX_TOKEN_LENGTH) return undefined;
    const parts = token.split('.');
    if (parts.length !== 2) return undefined;
    const [payload = '', tag = ''] = parts;
    // Compared as bytes, in constant time, and only when the text is exactly their encoding:
    // base64url lets several texts decode to the same bytes.
    const given = Buffer.from(tag, 'base64url');
    const expected = this.tag(payload);
    if (given.length !== expected.length || given.toString('base64url') !== tag) return undefined;
    if (!timingSafeEqual(given, expected)) return undefined;
    const claim = claimOf(parsed(Buffer.from(payload, 'base64url').toString('utf8')));
    return claim?.kind === kind ? claim : undefined;
  }

  private tag(payload: string): Buffer {
    return createHmac('sha256', this.key).update(payload).digest().subarray(0, TAG_BYTES);
  }
}
