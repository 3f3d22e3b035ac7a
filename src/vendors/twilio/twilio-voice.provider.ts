import { readVoiceContent, type VoiceContentRead } from '../../contract/content/voice.content';
import {
  type OutboundMessage,
  type Provider,
  type SendSuccess,
  sendersOf,
} from '../../contract/provider';
import type { TwilioOptions } from './twilio-options';
import { missingSender, recipientOf, sendOutcome } from './twilio-send';
import { twilioCallStatus } from './twilio-status';
import type { TwilioCallRequest, TwilioClient } from './twilio.client';

/** Every call state Twilio can report, so each one reaches the message's events. */
const CALL_EVENTS = ['initiated', 'ringing', 'answered', 'completed'] as const;

/** Calls through Twilio's Calls API, the content read with `readVoiceContent`. */
export class TwilioVoiceProvider implements Provider {
  readonly type = 'twilio';
  readonly channel = 'voice';

  constructor(
    readonly id: string,
    private readonly client: TwilioClient,
    private readonly options: TwilioOptions,
    private readonly statusCallback?: string,
  ) {}

  /** A call goes out from a number: a Messaging Service does not place calls. */
  get senders(): Readonly<Record<string, string>> {
    return sendersOf({ from: this.options.from });
  }

  async send(message: OutboundMessage): Promise<SendSuccess> {
    const content = readVoiceContent(message.content);
    const from = content.from ?? this.options.from;
    if (from === undefined) throw missingSender(this.id);
    const result = await this.client.createCall({
      to: recipientOf(message),
      from,
      ...this.instructions(content),
      ...this.callback(),
    });
    return sendOutcome(result, twilioCallStatus);
  }

  private instructions(
    content: VoiceContentRead,
  ): Pick<TwilioCallRequest, 'twiml' | 'url' | 'timeout' | 'machineDetection'> {
    const { twiml, twimlUrl: url, timeout, machineDetection } = content;
    return {
      ...(twiml !== undefined ? { twiml } : url !== undefined ? { url } : {}),
      ...(timeout !== undefined ? { timeout } : {}),
      ...(machineDetection !== undefined ? { machineDetection } : {}),
    };
  }

  private callback(): Pick<TwilioCallRequest, 'statusCallback' | 'statusCallbackEvents'> {
    if (!this.statusCallback) return {};
    return { statusCallback: this.statusCallback, statusCallbackEvents: CALL_EVENTS };
  }
}
