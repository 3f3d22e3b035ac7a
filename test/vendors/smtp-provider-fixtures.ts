/** What the SMTP provider suites share: a message with attachments, a provider, and readers. */
import { createHash } from 'node:crypto';
import { type AddressObject } from 'mailparser';
import { PROVIDER_DEFAULTS } from '../../src/contract/provider-settings';
import {
  type OutboundAttachment,
  type OutboundMessage,
  type Provider,
} from '../../src/contract/provider';
import { SmtpProviderFactory } from '../../src/vendors/smtp/smtp-provider.factory';
import { type ReceivedMail } from '../support/smtp-receiver';

export const FROM = 'billing@example.test';
export const TIMEOUT_MS = 1_000;

export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Bytes that survive no text conversion: every byte value once. */
export const invoice = Buffer.from(Array.from({ length: 256 }, (_, index) => index));
export const notes = Buffer.from('Zeile 1 — ü\r\nZeile 2\n', 'utf8');
export const attachments: OutboundAttachment[] = [
  { filename: 'rechnung-2891.pdf', contentType: 'application/pdf', content: invoice },
  { filename: 'notizen.txt', contentType: 'text/plain', content: notes },
];

export function message(
  content: Record<string, unknown>,
  to: string[] = ['ann@example.test'],
  extra: Partial<OutboundMessage> = {},
): OutboundMessage {
  return { id: 'msg-1', appId: 'app-1', channel: 'email', to, content, metadata: {}, ...extra };
}

export function smtpProvider(options: Record<string, unknown>, timeoutMs = TIMEOUT_MS): Provider {
  return new SmtpProviderFactory().create({
    id: 'smtp-test',
    type: 'smtp',
    channel: 'email',
    ...PROVIDER_DEFAULTS,
    timeoutMs,
    options: { from: FROM, ...options },
  });
}

export const addressesOf = (field: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap(({ value }) =>
    value.map(({ address }) => address ?? ''),
  );

/** The header block of a received message, as it went over the wire. */
export const wireHeaders = (mail: ReceivedMail): string =>
  mail.raw.toString('latin1').split('\r\n\r\n')[0] ?? '';
