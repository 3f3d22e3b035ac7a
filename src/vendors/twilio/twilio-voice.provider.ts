import type { OutboundMessage, Provider, SendSuccess } from '../../contract/provider';
import type { TwilioOptions } from './twilio-options';
import { missingSender, recipientOf, sendOutcome, StoredContent } from './twilio-send';
import { twilioCallStatus } from './twilio-status';
import type { TwilioCallRequest, TwilioClient } from './twilio.client';

/** Every call state Twilio can report, so each one reaches the message's events. */
const CALL_EVENTS = ['initiated', 'ringing', 'answered', 'completed'] as const;

/** Calls through Twilio's Calls API (src/voice/voice.content.ts is what it reads). */
export class TwilioVoiceProvider implements Provider {
  readonly type = 'twilio';
  readonly channel = 'voice';

  constructor(
    readonly id: string,
    private readonly client: TwilioClient,
    private readonly options: TwilioOptions,
    private readonly statusCallback?: string,
  ) {}

  async send(message: OutboundMessage): Promise<SendSuccess> {
    const content = new StoredContent(message.content);
    const from = content.text('from') ?? this.options.from;
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
    content: StoredContent,
  ): Pick<TwilioCallRequest, 'twiml' | 'url' | 'timeout' | 'machineDetection'> {
    const twiml = content.text('twiml');
    const url = content.text('twimlUrl');
    const timeout = content.integer('timeout');
    const machineDetection = content.text('machineDetection');
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
