import { Injectable } from '@nestjs/common';
import type { OutboundMessage } from '../contract/provider';
import type { Message } from '../message-log/message.model';
import type { Channel } from '../contract/channel';
import type { ErrorCategory } from '../contract/error-category';

/** Ends a claimed message without a provider call (a suppressed address, say). */
export interface SendRefusal {
  readonly kind: 'refuse';
  readonly status: 'UNDELIVERABLE' | 'FAILED';
  readonly category: ErrorCategory;
  /** Why, in words a caller can act on; recorded as the attempt's error message. */
  readonly reason: string;
  /** Who refused, recorded as the attempt's provider (e.g. `suppression-list`). */
  readonly by: string;
}

export type Preparation =
  { readonly kind: 'send'; readonly message: OutboundMessage } | SendRefusal;

/**
 * A channel's step between a worker's claim and the provider call: it may complete what the
 * provider is given from elsewhere (attachment bytes are not kept in the message) or refuse
 * the send (a suppressed address). `sendSettled` runs once no further attempt will need what
 * `prepare` loaded.
 */
export interface SendPreparer {
  readonly channel: Channel;
  prepare(message: OutboundMessage): Promise<Preparation>;
  sendSettled?(message: Message): Promise<void>;
}

/**
 * The preparers channel modules register at start-up, run in the order registered; the first
 * refusal ends the send. Kept as a registry rather than injected so that the pipeline does not
 * depend on channel modules.
 */
@Injectable()
export class SendPreparers {
  private readonly byChannel = new Map<Channel, SendPreparer[]>();

  register(preparer: SendPreparer): void {
    this.byChannel.set(preparer.channel, [...this.of(preparer.channel), preparer]);
  }

  async prepare(message: OutboundMessage): Promise<Preparation> {
    let prepared: Preparation = { kind: 'send', message };
    for (const preparer of this.of(message.channel)) {
      prepared = await preparer.prepare(prepared.message);
      if (prepared.kind === 'refuse') return prepared;
    }
    return prepared;
  }

  async sendSettled(message: Message): Promise<void> {
    for (const preparer of this.of(message.channel)) await preparer.sendSettled?.(message);
  }

  private of(channel: Channel): readonly SendPreparer[] {
    return this.byChannel.get(channel) ?? [];
  }
}
