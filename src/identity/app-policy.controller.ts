import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import {
  ApiBody,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ErrorDto } from '../common/errors/error.dto';
import { BodyErrorResponses } from '../common/http/openapi-responses';
import {
  APP_SENDERS_EXAMPLES,
  AppSendersDto,
  TWIML_POLICY_EXAMPLES,
  TwimlPolicyDto,
} from './app-policy.dto';
import { AppsService } from './apps.service';
import { Auth } from './auth.decorator';

/** Who an app may send as, and what its calls' TwiML may do: set by admins, read by viewers. */
@ApiTags('apps')
@Controller('apps/:appId')
export class AppPolicyController {
  constructor(private readonly apps: AppsService) {}

  @Get('senders')
  @Auth({ jwt: 'viewer' })
  @ApiOperation({ summary: "The app's own senders (empty lists: the providers' defaults only)" })
  @ApiOkResponse({ type: AppSendersDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  async senders(@Param('appId') appId: string): Promise<AppSendersDto> {
    return AppSendersDto.of((await this.apps.get(appId)).senders);
  }

  @Put('senders')
  @Auth({ jwt: 'admin' })
  @ApiOperation({
    summary: 'Set the addresses, domains, numbers and sender ids the app may send as',
    description:
      "A send naming another `from` (or `messagingServiceSid`, or a `Dial callerId`) is refused with `400 sender_not_allowed`; with none of a kind, the app sends from the providers' default senders only.",
  })
  @ApiBody({ type: AppSendersDto, examples: APP_SENDERS_EXAMPLES })
  @ApiOkResponse({ type: AppSendersDto })
  @BodyErrorResponses('an entry is not an address, domain, number or sender id, or is repeated')
  @ApiNotFoundResponse({ type: ErrorDto })
  async setSenders(
    @Param('appId') appId: string,
    @Body() body: AppSendersDto,
  ): Promise<AppSendersDto> {
    const app = await this.apps.change(appId, {
      senders: { email: body.email, phone: body.phone },
    });
    return AppSendersDto.of(app.senders);
  }

  @Get('twiml-policy')
  @Auth({ jwt: 'viewer' })
  @ApiOperation({ summary: "What the app's inline TwiML and twimlUrl may do" })
  @ApiOkResponse({ type: TwimlPolicyDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  async twimlPolicy(@Param('appId') appId: string): Promise<TwimlPolicyDto> {
    return TwimlPolicyDto.of((await this.apps.get(appId)).twimlPolicy);
  }

  @Put('twiml-policy')
  @Auth({ jwt: 'admin' })
  @ApiOperation({
    summary: 'Allow TwiML elements, Dial prefixes and URL hosts beyond the default',
    description:
      'By default a call may only Say, Play, Pause, Gather (without an action URL) and Hangup. Anything else is refused with `400 twiml_not_allowed` unless allowed here.',
  })
  @ApiBody({ type: TwimlPolicyDto, examples: TWIML_POLICY_EXAMPLES })
  @ApiOkResponse({ type: TwimlPolicyDto })
  @BodyErrorResponses('an element, prefix or host is not valid')
  @ApiNotFoundResponse({ type: ErrorDto })
  async setTwimlPolicy(
    @Param('appId') appId: string,
    @Body() body: TwimlPolicyDto,
  ): Promise<TwimlPolicyDto> {
    const { allow, dialPrefixes, urlHosts } = body;
    const app = await this.apps.change(appId, { twimlPolicy: { allow, dialPrefixes, urlHosts } });
    return TwimlPolicyDto.of(app.twimlPolicy);
  }
}
