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

/** SNS signs with a few certificates, rotated rarely; more distinct URLs than this are forged. */
const MAX_CACHED = 16;

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
 * Certificates are fetched once per URL and kept; a failed fetch is not kept.
 */
@Injectable()
export class SnsSignatureVerifier {
  private readonly logger = new Logger(SnsSignatureVerifier.name);
  private readonly certificates = new Map<string, Promise<X509Certificate>>();

  constructor(
    private readonly https: SnsHttpsClient,
    private readonly clock: Clock,
  ) {}

  async verify(message: SnsMessage): Promise<SnsVerdict> {
    const url = snsCertificateUrl(message.SigningCertURL);
    if (!url) return 'bad_certificate_url';
    let certificate: X509Certificate;
    try {
      certificate = await this.certificate(url);
    } catch (error) {
      this.logger.warn(`could not fetch the SNS certificate ${url.href}: ${String(error)}`);
      return 'fetch_failed';
    }
    if (!this.validNow(certificate)) return 'expired';
    return signedBy(certificate, message) ? 'valid' : 'bad_signature';
  }

  private certificate(url: URL): Promise<X509Certificate> {
    const cached = this.certificates.get(url.href);
    if (cached) return cached;
    const fetched = this.https.get(url).then((pem) => new X509Certificate(pem));
    if (this.certificates.size >= MAX_CACHED) this.certificates.clear();
    this.certificates.set(url.href, fetched);
    void fetched.catch(() => this.certificates.delete(url.href));
    return fetched;
  }

  private validNow(certificate: X509Certificate): boolean {
    const now = this.clock.nowMs();
    return Date.parse(certificate.validFrom) <= now && now <= Date.parse(certificate.validTo);
  }
}
