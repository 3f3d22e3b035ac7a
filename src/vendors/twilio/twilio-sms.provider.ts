import { readSmsContent, type SmsContentRead } from '../../contract/content/sms.content';
import {
  type OutboundMessage,
  type Provider,
  type SendSuccess,
  sendersOf,
} from '../../contract/provider';
import type { TwilioOptions } from './twilio-options';
import { recipientOf, sendOutcome } from './twilio-send';
import { twilioMessageStatus } from './twilio-status';
import type { TwilioClient, TwilioMessageRequest } from './twilio.client';

type Sender = Pick<TwilioMessageRequest, 'from' | 'messagingServiceSid'>;

/** SMS through Twilio's Messages API, the content read with `readSmsContent`. */
export class TwilioSmsProvider implements Provider {
  readonly type = 'twilio';
  readonly channel = 'sms';

  constructor(
    readonly id: string,
    private readonly client: TwilioClient,
    private readonly options: TwilioOptions,
    private readonly statusCallback?: string,
  ) {}

  get senders(): Readonly<Record<string, string>> {
    const { from, messagingServiceSid } = this.options;
    return sendersOf({ from, messagingServiceSid });
  }

  async send(message: OutboundMessage): Promise<SendSuccess> {
    const content = readSmsContent(message.content);
    const result = await this.client.createMessage({
      to: recipientOf(message),
      ...this.sender(content),
      body: content.body,
      ...(this.statusCallback ? { statusCallback: this.statusCallback } : {}),
    });
    return sendOutcome(result, twilioMessageStatus);
  }

  /** The message's own sender when it names one, else the provider's defaults. */
  private sender({ from, messagingServiceSid }: SmsContentRead): Sender {
    if (from !== undefined || messagingServiceSid !== undefined)
      return { from, messagingServiceSid };
    return { from: this.options.from, messagingServiceSid: this.options.messagingServiceSid };
  }
}
