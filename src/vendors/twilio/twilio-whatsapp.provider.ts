import { readWhatsAppContent, type WhatsAppContent } from '../../contract/content/whatsapp.content';
import {
  type OutboundMessage,
  type Provider,
  type SendSuccess,
  sendersOf,
} from '../../contract/provider';
import type { TwilioOptions } from './twilio-options';
import { missingSender, recipientOf, sendOutcome } from './twilio-send';
import { twilioMessageStatus } from './twilio-status';
import type { TwilioClient, TwilioMessageRequest } from './twilio.client';

/** Callers and the store use plain E.164; Twilio addresses WhatsApp as `whatsapp:+…`. */
const whatsappAddress = (number: string): string => `whatsapp:${number.replace(/^whatsapp:/, '')}`;

/**
 * WhatsApp through Twilio's Messages API, the content read with `readWhatsAppContent`: free-form
 * body and media inside the session window, or a Content API template.
 */
export class TwilioWhatsAppProvider implements Provider {
  readonly type = 'twilio';
  readonly channel = 'whatsapp';

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
    const content = readWhatsAppContent(message.content);
    const result = await this.client.createMessage({
      to: whatsappAddress(recipientOf(message)),
      ...this.sender(content),
      ...this.payload(content),
      ...(this.statusCallback ? { statusCallback: this.statusCallback } : {}),
    });
    return sendOutcome(result, twilioMessageStatus);
  }

  private sender(
    content: WhatsAppContent,
  ): Pick<TwilioMessageRequest, 'from' | 'messagingServiceSid'> {
    const from = content.from ?? this.options.from;
    if (from !== undefined) return { from: whatsappAddress(from) };
    if (this.options.messagingServiceSid !== undefined)
      return { messagingServiceSid: this.options.messagingServiceSid };
    throw missingSender(this.id);
  }

  /** A template, or free-form text and media (a lone caption stands in for a missing body). */
  private payload(
    content: WhatsAppContent,
  ): Pick<TwilioMessageRequest, 'body' | 'mediaUrls' | 'contentSid' | 'contentVariables'> {
    const { contentSid, contentVariables, media = [] } = content;
    if (contentSid !== undefined) {
      return {
        contentSid,
        ...(contentVariables ? { contentVariables: JSON.stringify(contentVariables) } : {}),
      };
    }
    const mediaUrls = media.map((item) => item.url);
    const body = content.body ?? media.find((item) => item.caption !== undefined)?.caption;
    return {
      ...(body !== undefined ? { body } : {}),
      ...(mediaUrls.length > 0 ? { mediaUrls } : {}),
    };
  }
}
