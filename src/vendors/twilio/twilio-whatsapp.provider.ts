import type { OutboundMessage, Provider, SendSuccess } from '../../contract/provider';
import type { TwilioOptions } from './twilio-options';
import { missingSender, recipientOf, sendOutcome, StoredContent } from './twilio-send';
import { twilioMessageStatus } from './twilio-status';
import type { TwilioClient, TwilioMessageRequest } from './twilio.client';

/** Callers and the store use plain E.164; Twilio addresses WhatsApp as `whatsapp:+…`. */
const whatsappAddress = (number: string): string => `whatsapp:${number.replace(/^whatsapp:/, '')}`;

/**
 * WhatsApp through Twilio's Messages API (src/whatsapp/whatsapp.content.ts is what it reads):
 * free-form body and media inside the session window, or a Content API template.
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

  async send(message: OutboundMessage): Promise<SendSuccess> {
    const content = new StoredContent(message.content);
    const result = await this.client.createMessage({
      to: whatsappAddress(recipientOf(message)),
      ...this.sender(content),
      ...this.payload(content),
      ...(this.statusCallback ? { statusCallback: this.statusCallback } : {}),
    });
    return sendOutcome(result, twilioMessageStatus);
  }

  private sender(
    content: StoredContent,
  ): Pick<TwilioMessageRequest, 'from' | 'messagingServiceSid'> {
    const from = content.text('from') ?? this.options.from;
    if (from !== undefined) return { from: whatsappAddress(from) };
    if (this.options.messagingServiceSid !== undefined)
      return { messagingServiceSid: this.options.messagingServiceSid };
    throw missingSender(this.id);
  }

  /** A template, or free-form text and media (a lone caption stands in for a missing body). */
  private payload(
    content: StoredContent,
  ): Pick<TwilioMessageRequest, 'body' | 'mediaUrls' | 'contentSid' | 'contentVariables'> {
    const contentSid = content.text('contentSid');
    if (contentSid !== undefined) {
      const variables = content.stringMap('contentVariables');
      return {
        contentSid,
        ...(variables ? { contentVariables: JSON.stringify(variables) } : {}),
      };
    }
    const media = content.records('media');
    const mediaUrls = media
      .map((item) => item.url)
      .filter((url): url is string => typeof url === 'string');
    const caption = media.map((item) => item.caption).find((text) => typeof text === 'string');
    const body = content.text('body') ?? (typeof caption === 'string' ? caption : undefined);
    return {
      ...(body !== undefined ? { body } : {}),
      ...(mediaUrls.length > 0 ? { mediaUrls } : {}),
    };
  }
}
