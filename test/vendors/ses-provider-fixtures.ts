/** What the SES suites share: the emulator's region and keys, a message, and a provider. */
import { createHash } from 'node:crypto';
import { PROVIDER_DEFAULTS } from '../../src/contract/provider-settings';
import {
  type OutboundAttachment,
  type OutboundMessage,
  type Provider,
} from '../../src/contract/provider';
import { SesProviderFactory } from '../../src/vendors/ses/ses-provider.factory';

export const FROM = 'billing@example.test';
export const REGION = 'eu-west-1';
/** aws-ses-v2-local wants requests signed, with any key. */
export const KEYS = { accessKeyId: 'AKIAEMULATOR', secretAccessKey: 'emulator-secret-key' };

export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

export const report = Buffer.from(Array.from({ length: 256 }, (_, index) => 255 - index));
export const attachments: OutboundAttachment[] = [
  { filename: 'report.bin', contentType: 'application/octet-stream', content: report },
];

export const message = (
  content: Record<string, unknown>,
  extra: Partial<OutboundMessage> = {},
): OutboundMessage => ({
  id: 'msg-1',
  appId: 'app-1',
  channel: 'email',
  to: ['ann@example.test'],
  content,
  metadata: {},
  ...extra,
});

export function sesProvider(endpoint: string, options: Record<string, unknown> = {}): Provider {
  return new SesProviderFactory().create({
    id: 'ses-test',
    type: 'ses',
    channel: 'email',
    ...PROVIDER_DEFAULTS,
    timeoutMs: 2_000,
    options: { region: REGION, endpoint, from: FROM, ...KEYS, ...options },
  });
}
