import { hkdfSync } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { Settings } from '../common/config/settings';
import { InjectSettings } from '../common/config/settings.module';
import { CryptoService } from '../common/crypto/crypto.service';
import { type LinkClaim, type LinkKind, LinkTokens, MAX_TOKEN_LENGTH } from './link-token';

const KEY_BYTES = 32;
/** HKDF's info: the engagement key is ENCRYPTION_KEY's for this one purpose, and no other. */
const KEY_PURPOSE = 'switchboard engagement links v1';

/** Where each kind of link is served, under the public base URL. */
const PATHS: Readonly<Record<LinkKind, string>> = {
  open: '/api/v1/track/open/',
  click: '/api/v1/track/click/',
  unsubscribe: '/api/v1/unsubscribe/',
};

/**
 * The tracking and unsubscribe links of emails: signed tokens under the public base URL.
 *
 * The key is derived from ENCRYPTION_KEY (HKDF-SHA256), so that links keep working across
 * restarts and instances. Without ENCRYPTION_KEY (never in production, which refuses to start
 * without it) a key is made at start-up: links then stop working at the next restart, which
 * suits the embedded default. Without a public base URL (PUBLIC_URL; outside production
 * `http://localhost:<PORT>`) there are no links, and sends that ask for them are refused.
 */
@Injectable()
export class EngagementLinks {
  private readonly logger = new Logger('Engagement');
  private readonly tokens: LinkTokens;
  private readonly base: string | undefined;

  constructor(@InjectSettings() settings: Settings, crypto: CryptoService) {
    this.base =
      settings.publicUrl?.replace(/\/+$/, '') ??
      (settings.production ? undefined : `http://localhost:${settings.http.port}`);
    this.tokens = new LinkTokens(this.keyOf(settings, crypto));
  }

  /** Why no links can be made, in words for the caller; undefined when they can. */
  get unavailable(): string | undefined {
    return this.base === undefined ? 'tracking and unsubscribe links need PUBLIC_URL' : undefined;
  }

  /** The link for `claim`; only when links are available. */
  url(claim: LinkClaim): string {
    if (this.base === undefined) throw new Error(this.unavailable);
    return `${this.base}${PATHS[claim.kind]}${this.tokens.sign(claim)}`;
  }

  /**
   * The click link of `url` for one recipient; `url` itself, left as written, when its token
   * would be longer than the click route reads (an address of thousands of characters).
   */
  clickUrl(messageId: string, recipient: number, url: string): string {
    const link = this.url({ kind: 'click', messageId, recipient, url });
    const token = link.slice(link.lastIndexOf('/') + 1);
    return token.length > MAX_TOKEN_LENGTH ? url : link;
  }

  /** The claim of a link's token, when this service signed it for `kind`. */
  read(kind: LinkKind, token: string): LinkClaim | undefined {
    return this.tokens.read(kind, token);
  }

  private keyOf(settings: Settings, crypto: CryptoService): Buffer {
    if (settings.encryptionKey) {
      const salt = Buffer.alloc(0);
      return Buffer.from(hkdfSync('sha256', settings.encryptionKey, salt, KEY_PURPOSE, KEY_BYTES));
    }
    this.logger.warn(
      'ENCRYPTION_KEY is not set: tracking and unsubscribe links are signed with a key made at start-up and stop working at the next restart.',
    );
    return crypto.randomBytes(KEY_BYTES);
  }
}
