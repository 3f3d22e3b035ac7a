import type { ProviderSettings } from './provider-settings';
import type { Channel } from './channel';
import type { ErrorCategory } from './error-category';

/** A file sent with a message; its bytes live outside the message record. */
export interface OutboundAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly content: Buffer;
}

/**
 * One recipient's own copy of a message: sent to that recipient alone, with the content fields
 * that differ for it (an email's links and unsubscribe headers name its recipient).
 */
export interface RecipientCopy {
  /** As the channel writes recipients in events (email: `normalAddress`). */
  readonly recipient: string;
  /** The content fields of this copy, over the message's own (email: html, text, headers). */
  readonly content: Readonly<Record<string, unknown>>;
}

/**
 * What a provider is asked to send: the stored message without dispatch bookkeeping, plus what
 * its channel's preparers made of it for the send (attachment bytes, recipients, copies).
 */
export interface OutboundMessage {
  readonly id: string;
  readonly appId: string;
  readonly channel: Channel;
  /** The destination as the channel defines it (E.164 numbers, email addresses ...). */
  readonly to: readonly string[];
  /** The channel's stored content, read with the channel's reader in `contract/content/`. */
  readonly content: Readonly<Record<string, unknown>>;
  readonly metadata: Readonly<Record<string, string>>;
  readonly attachments?: readonly OutboundAttachment[];
  /** The app's callback secret, for providers that sign what they post (webhook). */
  readonly signingSecret?: string;
  /**
   * Every recipient of a message that has several (email: to, cc and bcc), as events name them:
   * a send is then recorded per recipient. Absent: the message is one destination.
   */
  readonly recipients?: readonly string[];
  /** Set when each recipient gets a copy of its own: the provider sends each apart. */
  readonly copies?: readonly RecipientCopy[];
}

/** A recipient the provider did not send to while it sent to the others. */
export interface RecipientRefusal {
  readonly recipient: string;
  readonly category: ErrorCategory;
  /** Why, in words safe to record. */
  readonly reason: string;
}

export interface SendSuccess {
  readonly providerMessageId: string;
  /** SENT when the provider accepted it; DELIVERED when it reports delivery at once. */
  readonly status: 'SENT' | 'DELIVERED';
  /** The provider's own word for the state (Twilio's `queued`, ...). */
  readonly providerStatus?: string;
  /** Recipients refused while the others were sent to (an SMTP server refusing one address). */
  readonly refused?: readonly RecipientRefusal[];
  /** The ids of further copies (one per recipient), beside `providerMessageId`. */
  readonly copyMessageIds?: readonly string[];
}

/** A send that failed, in the gateway's categories; the message is safe to record. */
export class ProviderError extends Error {
  constructor(
    readonly category: ErrorCategory,
    message: string,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

/** One configured provider of one channel. Vendor types stay inside implementations. */
export interface Provider {
  readonly id: string;
  readonly type: string;
  readonly channel: Channel;
  /** Resolves with the provider's message id, or rejects with a `ProviderError`. */
  send(message: OutboundMessage): Promise<SendSuccess>;
  /**
   * False when every send goes to a destination the caller chose (a webhook URL): a failing
   * receiver says nothing about the provider, so its failures must not open the circuit that
   * would stop every other app's sends. True when absent.
   */
  readonly failuresTripCircuit?: boolean;
  /**
   * Where a message that names no sender goes out from, by the option that sets it (`from`,
   * `messagingServiceSid`): public addresses and numbers, never a credential. Shown on `/status`;
   * absent or empty when every message names its own.
   */
  readonly senders?: Readonly<Record<string, string>>;
  /** Lets go of what the provider holds open (pooled connections); called once at shutdown. */
  close?(): Promise<void>;
}

/** A provider's `senders`: the sender options it was given, those left unset dropped. */
export const sendersOf = (
  options: Readonly<Record<string, string | undefined>>,
): Readonly<Record<string, string>> =>
  Object.fromEntries(
    Object.entries(options).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );

/** One entry of PROVIDERS, as validated at start-up. */
export type ProviderConfig = ProviderSettings;

/** What a provider may need of the deployment besides its own entry. */
export interface ProviderContext {
  /** The service's public base URL (PUBLIC_URL), for provider status callbacks; none when unset. */
  readonly publicUrl?: string;
  /** OUTBOUND_ALLOW_PRIVATE: caller-chosen URLs may target private addresses; false when absent. */
  readonly outboundAllowPrivate?: boolean;
}

/**
 * Builds providers of one type; the registry holds one factory per type. `create` throws for
 * options it cannot use (naming the provider id and the option), which stops start-up.
 */
export interface ProviderFactory {
  readonly type: string;
  create(config: ProviderConfig, context: ProviderContext): Provider;
}

export const PROVIDER_FACTORIES = Symbol('PROVIDER_FACTORIES');
