import { Transform } from 'class-transformer';
import { IsOptional, IsString, IsUrl, Matches, MaxLength, ValidateBy } from 'class-validator';
import { blankToUndefined, HTTP_URL_OPTIONS } from '../../common/config/environment';
import { ConfigError } from '../../common/config/variables';
import type { Channel } from '../../contract/channel';
import { MESSAGING_SERVICE_SID } from '../../contract/content/sms.content';
import { type ProviderSettings, providerSettings } from '../../contract/provider-settings';
import { settingsContribution, whichAreSet } from '../../contract/settings-contribution';
import { ACCOUNT_SID_PATTERN } from './twilio-options';

/** A number (E.164) or an alphanumeric sender id of up to 11 characters, with a letter. */
const NUMBER_OR_SENDER_ID = /^(\+[1-9]\d{1,14}|(?=[A-Za-z0-9 ]*[A-Za-z])[A-Za-z0-9 ]{1,11})$/;

export class TwilioVariables {
  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(ACCOUNT_SID_PATTERN, {
    message: 'must be a Twilio account SID (AC followed by 32 hex characters)',
  })
  TWILIO_ACCOUNT_SID?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  @MaxLength(256)
  TWILIO_AUTH_TOKEN?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @ValidateBy({
    name: 'isTwilioSender',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' &&
        (NUMBER_OR_SENDER_ID.test(value) || MESSAGING_SERVICE_SID.test(value)),
      defaultMessage: () =>
        'must be an E.164 number, an alphanumeric sender id (up to 11 characters) or a Messaging Service SID (MG…)',
    },
  })
  TWILIO_FROM?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsUrl(HTTP_URL_OPTIONS, { message: 'must be an http(s) URL' })
  TWILIO_API_BASE_URL?: string;
}

export interface TwilioSettings {
  readonly accountSid?: string;
  readonly authToken?: string;
  readonly from?: string;
  readonly apiBaseUrl?: string;
}

const TWILIO_CHANNELS: readonly Channel[] = ['sms', 'whatsapp', 'voice'];

/** TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN come as a pair, and TWILIO_FROM needs them. */
function checkCredentials({ accountSid, authToken, from }: TwilioSettings): void {
  if (accountSid && !authToken)
    throw new ConfigError('TWILIO_AUTH_TOKEN', 'is required with TWILIO_ACCOUNT_SID');
  if (!accountSid && authToken)
    throw new ConfigError('TWILIO_ACCOUNT_SID', 'is required with TWILIO_AUTH_TOKEN');
  if (!accountSid && from)
    throw new ConfigError(
      'TWILIO_ACCOUNT_SID',
      'and TWILIO_AUTH_TOKEN are required with TWILIO_FROM',
    );
}

/**
 * TWILIO_FROM as a channel's sender: a number serves every channel, a Messaging Service SMS and
 * WhatsApp, an alphanumeric sender id SMS only.
 */
function twilioSender(channel: Channel, from: string | undefined): Record<string, string> {
  if (from === undefined) return {};
  if (from.startsWith('+')) return { from };
  if (MESSAGING_SERVICE_SID.test(from))
    return channel === 'voice' ? {} : { messagingServiceSid: from };
  return channel === 'sms' ? { from } : {};
}

/**
 * The Twilio shortcut's providers `twilio-sms`, `twilio-whatsapp` and `twilio-voice`, for the
 * channels that PROVIDERS does not list.
 */
function shortcutProviders(
  { accountSid, authToken, from, apiBaseUrl }: TwilioSettings,
  listed: ReadonlySet<Channel>,
): ProviderSettings[] {
  if (!accountSid || !authToken) return [];
  const channels = TWILIO_CHANNELS.filter((channel) => !listed.has(channel));
  if (channels.includes('sms') && !from) {
    throw new ConfigError(
      'TWILIO_FROM',
      'is required with TWILIO_ACCOUNT_SID: the SMS sender number or Messaging Service SID',
    );
  }
  return channels.map((channel) =>
    providerSettings(`twilio-${channel}`, 'twilio', channel, {
      accountSid,
      authToken,
      ...twilioSender(channel, from),
      ...(apiBaseUrl ? { apiBaseUrl } : {}),
    }),
  );
}

/**
 * TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM make the Twilio shortcut;
 * TWILIO_API_BASE_URL is the default `apiBaseUrl` of every provider of type `twilio`.
 */
export const twilioSettings = settingsContribution(TwilioVariables, (vars) => {
  const settings: TwilioSettings = {
    accountSid: vars.TWILIO_ACCOUNT_SID,
    authToken: vars.TWILIO_AUTH_TOKEN,
    from: vars.TWILIO_FROM,
    apiBaseUrl: vars.TWILIO_API_BASE_URL,
  };
  checkCredentials(settings);
  return {
    settings,
    typeDefaults: { type: 'twilio', options: { apiBaseUrl: settings.apiBaseUrl } },
    shortcut: {
      variable: 'TWILIO_ACCOUNT_SID',
      providers: (listed) => shortcutProviders(settings, listed),
    },
    variablesSet: { twilio: whichAreSet(settings) },
  };
});
