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
import type { AppScope } from '../../identity/app-scope';
import type { App, TwimlPolicy } from '../../identity/app.model';
import { AppsService } from '../../identity/apps.service';
import { type SenderClaim, SenderPolicy } from '../../identity/sender-policy';
import { reviewTwiml, TWIML_NOT_ALLOWED, twimlUrlProblem } from './twiml-policy';

/** The ways to tell a call what to do; a send takes exactly one. */
const INSTRUCTION_FIELDS = ['twimlUrl', 'twiml', 'say'] as const;

type Instructions = Pick<VoiceContent, 'twiml' | 'twimlUrl'>;

const problem = (field: string, code: string, message: string): ValidationFailed =>
  new ValidationFailed([{ field, code, message }]);

const NO_ALLOWANCE: TwimlPolicy = { allow: [], dialPrefixes: [], urlHosts: [] };

/** Refuses what the app's TwiML policy does not allow, naming where it is set. */
function notAllowed(field: string, problems: readonly string[], app: App): ValidationFailed {
  const where = `an admin allows more with PUT /api/v1/apps/${app.id}/twiml-policy`;
  return new ValidationFailed(
    problems.map((message) => ({
      field,
      code: TWIML_NOT_ALLOWED,
      message: `${message} (${where})`,
    })),
  );
}

@Injectable()
export class VoiceService {
  constructor(
    private readonly messages: SendService,
    private readonly urls: OutboundUrlPolicy,
    private readonly apps: AppsService,
    private readonly senders: SenderPolicy,
  ) {}

  async send(origin: SendOrigin, dto: SendVoiceDto, options: SendOptions): Promise<SendAnswer> {
    const instructions = this.instructions(dto);
    await this.checkAllowed(origin, dto, instructions);
    const content: VoiceContent = {
      ...instructions,
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

  /**
   * The caller's own instructions (not `say`, whose TwiML only speaks) against the app's TwiML
   * policy, and every sender the call names (`from`, `Dial callerId`) against its senders.
   */
  private async checkAllowed(
    scope: AppScope,
    dto: SendVoiceDto,
    instructions: Instructions,
  ): Promise<void> {
    const claims: SenderClaim[] = dto.from
      ? [{ field: 'from', kind: 'phone', sender: dto.from }]
      : [];
    if (dto.say !== undefined) {
      await this.senders.check(scope, claims);
      return;
    }
    const app = await this.apps.get(scope.appId);
    const policy = app.twimlPolicy ?? NO_ALLOWANCE;
    const anyUrlHost = this.senders.embedded && policy.urlHosts.length === 0;
    if (instructions.twimlUrl !== undefined && !anyUrlHost) {
      const problem = twimlUrlProblem(instructions.twimlUrl, policy);
      if (problem !== undefined) throw notAllowed('twimlUrl', [problem], app);
    }
    if (instructions.twiml !== undefined) {
      const review = reviewTwiml(instructions.twiml, policy);
      if (review.problems.length > 0) throw notAllowed('twiml', review.problems, app);
      claims.push(
        ...review.senders.map((sender) => ({ field: 'twiml', kind: 'phone', sender }) as const),
      );
    }
    this.senders.checkApp(app, claims);
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
