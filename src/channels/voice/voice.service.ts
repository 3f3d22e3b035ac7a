import { Injectable } from '@nestjs/common';
import { ValidationFailed } from '../../common/errors/api-error';
import { OutboundUrlPolicy } from '../../common/http/outbound-url';
import type { SendAnswer } from '../../sending/send-answer';
import { SendService } from '../../sending/send.service';
import { commonRequest } from '../../sending/send-common.dto';
import { phoneNumbersOf, type SendOptions } from '../../sending/send-request';
import { DEFAULT_RING_TIMEOUT, type SayDto, type SendVoiceDto } from './send-voice.dto';
import { sayTwiml } from './twiml.builder';
import { MAX_TWIML_LENGTH } from './twiml.validator';
import type { VoiceContent } from '../../contract/content/voice.content';
import type { SendOrigin } from '../../sending/send-origin';

/** The ways to tell a call what to do; a send takes exactly one. */
const INSTRUCTION_FIELDS = ['twimlUrl', 'twiml', 'say'] as const;

type Instructions = Pick<VoiceContent, 'twiml' | 'twimlUrl'>;

const problem = (field: string, code: string, message: string): ValidationFailed =>
  new ValidationFailed([{ field, code, message }]);

@Injectable()
export class VoiceService {
  constructor(
    private readonly messages: SendService,
    private readonly urls: OutboundUrlPolicy,
  ) {}

  send(origin: SendOrigin, dto: SendVoiceDto, options: SendOptions): Promise<SendAnswer> {
    const content: VoiceContent = {
      ...this.instructions(dto),
      ...(dto.from ? { from: dto.from } : {}),
      timeout: dto.timeout ?? DEFAULT_RING_TIMEOUT,
      ...(dto.machineDetection ? { machineDetection: dto.machineDetection } : {}),
    };
    return this.messages.accept(
      origin,
      {
        channel: 'voice',
        to: [dto.to],
        phoneNumbers: phoneNumbersOf({ to: dto.to, from: dto.from }),
        content: { ...content },
        ...commonRequest(dto),
        body: dto,
      },
      options,
    );
  }

  private instructions(dto: SendVoiceDto): Instructions {
    const given = INSTRUCTION_FIELDS.filter((field) => dto[field] !== undefined);
    if (given.length === 0) {
      throw problem('twiml', 'message_empty', 'one of twimlUrl, twiml and say is required');
    }
    if (given.length > 1) {
      throw problem(
        given[1],
        'conflicting_content',
        `give only one of twimlUrl, twiml and say, not ${given.join(' and ')}`,
      );
    }
    if (dto.say) return { twiml: spokenTwiml(dto.say) };
    if (dto.twimlUrl !== undefined) return { twimlUrl: this.checkedTwimlUrl(dto.twimlUrl) };
    return { twiml: dto.twiml };
  }

  private checkedTwimlUrl(url: string): string {
    const reason = this.urls.checkSyntax(url);
    if (reason) throw problem('twimlUrl', 'invalid_url', `twimlUrl ${reason}`);
    return url;
  }
}

/** `say` as TwiML; escaping lengthens the text, so the limit is checked on the result. */
function spokenTwiml(say: SayDto): string {
  const twiml = sayTwiml(say);
  if (twiml.length > MAX_TWIML_LENGTH) {
    throw problem(
      'say.text',
      'message_too_long',
      `say.text makes TwiML of ${twiml.length} characters once XML-escaped; Twilio takes at most ${MAX_TWIML_LENGTH}`,
    );
  }
  return twiml;
}
