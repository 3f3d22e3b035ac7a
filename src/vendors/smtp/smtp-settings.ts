import { Transform } from 'class-transformer';
import { IsOptional, Matches } from 'class-validator';
import { blankToUndefined } from '../../common/config/environment';
import { ConfigError } from '../../common/config/variables';
import { EmailSenderVariables } from '../../contract/email-sender';
import { providerSettings } from '../../contract/provider-settings';
import { settingsContribution, whichAreSet } from '../../contract/settings-contribution';
import { parseSmtpUrl } from './smtp-url';

export class SmtpVariables extends EmailSenderVariables {
  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^smtps?:\/\/\S+$/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;
}

export interface SmtpSettings {
  readonly url?: string;
  readonly from?: string;
}

/** SMTP_URL is checked whole, also when PROVIDERS lists email, so a wrong one is named. */
function checkSmtpUrl(url: string | undefined): void {
  if (url === undefined) return;
  const parsed = parseSmtpUrl(url);
  if (!parsed.ok) throw new ConfigError('SMTP_URL', parsed.problem);
}

/**
 * SMTP_URL makes the provider `smtp`, with EMAIL_FROM as its sender, when PROVIDERS does not
 * list email; it is the fail-over of an email API shortcut's provider. EMAIL_FROM is the default
 * `from` of every provider of type `smtp`.
 */
export const smtpSettings = settingsContribution(SmtpVariables, (vars) => {
  const settings: SmtpSettings = { url: vars.SMTP_URL, from: vars.EMAIL_FROM };
  checkSmtpUrl(settings.url);
  const { url, from } = settings;
  return {
    settings,
    typeDefaults: { type: 'smtp', options: { from } },
    shortcut: {
      variable: 'SMTP_URL',
      failover: true,
      providers: () =>
        url === undefined
          ? []
          : [
              providerSettings('smtp', 'smtp', 'email', {
                url,
                ...(from === undefined ? {} : { from }),
              }),
            ],
    },
    variablesSet: whichAreSet({ smtpUrl: url, emailFrom: from }),
  };
});
