/** What the SMTP provider suites share: the sender, a message and a provider. */
import { PROVIDER_DEFAULTS } from '../../src/contract/provider-settings';
import { type OutboundMessage, type Provider } from '../../src/contract/provider';
import { SmtpProviderFactory } from '../../src/vendors/smtp/smtp-provider.factory';

export const FROM = 'billing@example.test';
export const TIMEOUT_MS = 1_000;

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
