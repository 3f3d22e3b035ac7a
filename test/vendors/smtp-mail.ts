/** A mail's parts the SMTP suites send and read back: attachments, addresses, wire headers. */
import { createHash } from 'node:crypto';
import { type AddressObject } from 'mailparser';
import { type OutboundAttachment } from '../../src/contract/provider';
import { type ReceivedMail } from '../support/smtp-receiver';

export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Bytes that survive no text conversion: every byte value once. */
export const invoice = Buffer.from(Array.from({ length: 256 }, (_, index) => index));
export const notes = Buffer.from('Zeile 1 — ü\r\nZeile 2\n', 'utf8');
export const attachments: OutboundAttachment[] = [
  { filename: 'rechnung-2891.pdf', contentType: 'application/pdf', content: invoice },
  { filename: 'notizen.txt', contentType: 'text/plain', content: notes },
];

export const addressesOf = (field: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap(({ value }) =>
    value.map(({ address }) => address ?? ''),
  );

/** The header block of a received message, as it went over the wire. */
export const wireHeaders = (mail: ReceivedMail): string =>
  mail.raw.toString('latin1').split('\r\n\r\n')[0] ?? '';
