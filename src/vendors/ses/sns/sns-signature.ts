import { verify, X509Certificate } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../../common/clock/clock';
import { SnsHttpsClient } from './sns-https.client';
import {
  type SnsMessage,
  snsCertificateUrl,
  type SnsSignatureVersion,
  snsStringToSign,
} from './sns-message';

const DIGESTS: Readonly<Record<SnsSignatureVersion, string>> = { '1': 'sha1', '2': 'sha256' };

/** SNS signs with a few certificates, rotated rarely: this many that signed a message are kept. */
const MAX_KEPT = 16;
/**
 * Certificates not kept yet are fetched at most this often per minute: anyone may post a
 * message naming a certificate URL, and each new one would cost a request to SNS. Past it the
 * message is answered 503, which SNS's own deliveries retry.
 */
const FETCHES_PER_MINUTE = 10;
const MINUTE_MS = 60_000;

/** Why a message is refused; `fetch_failed` alone may pass on a later delivery. */
export type SnsVerdict =
  'valid' | 'bad_certificate_url' | 'fetch_failed' | 'expired' | 'bad_signature';

function signedBy(certificate: X509Certificate, message: SnsMessage): boolean {
  try {
    return verify(
      DIGESTS[message.SignatureVersion],
      Buffer.from(snsStringToSign(message), 'utf8'),
      certificate.publicKey,
      Buffer.from(message.Signature, 'base64'),
    );
  } catch {
    // A key of another kind, or a signature node:crypto cannot even read.
    return false;
  }
}

/**
 * Checks an SNS message's signature as AWS documents it, with node:crypto: the certificate
 * comes only from an SNS endpoint, is valid now, and its key verifies the signature
 * (SHA1withRSA for version 1, SHA256withRSA for version 2) over the message's string to sign.
 * Written here because no SNS message validator is among the dependencies; the check is short.
 * A certificate is kept per URL once it verified a message, so unsigned traffic naming other
 * URLs can neither evict it nor fetch more than `FETCHES_PER_MINUTE` others.
 */
@Injectable()
export class SnsSignatureVerifier {
  private readonly logger = new Logger(SnsSignatureVerifier.name);
  /** By URL, least recently used first. */
  private readonly kept = new Map<string, X509Certificate>();
  private readonly fetching = new Map<string, Promise<X509Certificate>>();
  private fetchedAtMs: number[] = [];

  constructor(
    private readonly https: SnsHttpsClient,
    private readonly clock: Clock,
  ) {}

  async verify(message: SnsMessage): Promise<SnsVerdict> {
    const url = snsCertificateUrl(message.SigningCertURL);
    if (!url) return 'bad_certificate_url';
    let certificate: X509Certificate;
    try {
      certificate = this.kept.get(url.href) ?? (await this.fetched(url));
    } catch (error) {
      this.logger.warn(`could not fetch the SNS certificate ${url.href}: ${String(error)}`);
      return 'fetch_failed';
    }
    if (!this.validNow(certificate)) return 'expired';
    if (!signedBy(certificate, message)) return 'bad_signature';
    this.keep(url.href, certificate);
    return 'valid';
  }

  /** One fetch per URL at a time, within the budget of fetches per minute. */
  private fetched(url: URL): Promise<X509Certificate> {
    const pending = this.fetching.get(url.href);
    if (pending) return pending;
    const now = this.clock.nowMs();
    this.fetchedAtMs = this.fetchedAtMs.filter((at) => now - at < MINUTE_MS);
    if (this.fetchedAtMs.length >= FETCHES_PER_MINUTE) {
      return Promise.reject(new Error(`more than ${FETCHES_PER_MINUTE} new certificates a minute`));
    }
    this.fetchedAtMs.push(now);
    const fetched = this.https
      .get(url)
      .then((pem) => new X509Certificate(pem))
      .finally(() => this.fetching.delete(url.href));
    this.fetching.set(url.href, fetched);
    return fetched;
  }

  private keep(href: string, certificate: X509Certificate): void {
    this.kept.delete(href);
    this.kept.set(href, certificate);
    const oldest = this.kept.keys().next();
    if (this.kept.size > MAX_KEPT && oldest.done !== true) this.kept.delete(oldest.value);
  }

  private validNow(certificate: X509Certificate): boolean {
    const now = this.clock.nowMs();
    return Date.parse(certificate.validFrom) <= now && now <= Date.parse(certificate.validTo);
  }
}
