import { Transform } from 'class-transformer';
import { IsOptional, IsUrl, Matches } from 'class-validator';
import { blankToUndefined, HTTP_URL_OPTIONS } from '../../common/config/environment';
import { EmailSenderVariables } from '../../contract/email-sender';
import { type ProviderSettings, providerSettings } from '../../contract/provider-settings';
import { ConfigError } from '../../common/config/variables';
import { settingsContribution, whichAreSet } from '../../contract/settings-contribution';

const TOPIC_ARN = String.raw`arn:aws:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}`;

export class SesVariables extends EmailSenderVariables {
  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^[a-z]{2}(-[a-z]+)+-\d$/, {
    message: 'must be an AWS region such as eu-west-1',
  })
  SES_REGION?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsUrl(HTTP_URL_OPTIONS, { message: 'must be an http(s) URL' })
  SES_ENDPOINT?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(new RegExp(`^${TOPIC_ARN}(,${TOPIC_ARN})*$`), {
    message: 'must be a comma-separated list of SNS topic ARNs',
  })
  SES_SNS_TOPIC_ARNS?: string;
}

export interface SesSettings {
  readonly region?: string;
  readonly endpoint?: string;
  readonly from?: string;
  /**
   * SNS topics whose SES notifications are accepted and whose subscriptions are confirmed;
   * undefined (outside production only): notifications of any verified topic, no confirmation.
   */
  readonly snsTopicArns?: readonly string[];
}

/**
 * In production an `ses` provider needs SES_SNS_TOPIC_ARNS: SNS signs the notifications of
 * every topic, one in anyone's AWS account among them, so the signature alone does not say the
 * bounce came from this deployment's SES.
 */
function checkTopicsConfigured(topics: readonly string[] | undefined) {
  return (providers: readonly ProviderSettings[]): void => {
    const ses = providers.find(({ type }) => type === 'ses');
    if (ses && topics === undefined) {
      throw new ConfigError(
        'SES_SNS_TOPIC_ARNS',
        `is required when NODE_ENV=production with the ses provider ${ses.id}: without it, a notification from any SNS topic, one in anyone's AWS account among them, could bounce messages and suppress addresses`,
      );
    }
  };
}

/**
 * SES_REGION makes the provider `ses` (with SES_ENDPOINT and EMAIL_FROM as its sender) when
 * PROVIDERS does not list email; SES_REGION, SES_ENDPOINT and EMAIL_FROM are the defaults of
 * every provider of type `ses`. SES_SNS_TOPIC_ARNS limits the notifications taken, and is
 * required in production with an `ses` provider.
 */
export const sesSettings = settingsContribution(SesVariables, (vars) => {
  const settings: SesSettings = {
    region: vars.SES_REGION,
    endpoint: vars.SES_ENDPOINT,
    from: vars.EMAIL_FROM,
    snsTopicArns: vars.SES_SNS_TOPIC_ARNS?.split(','),
  };
  const { region, endpoint, from } = settings;
  return {
    settings,
    typeDefaults: { type: 'ses', options: { from, region, endpoint } },
    shortcut: {
      variable: 'SES_REGION',
      providers: () =>
        region === undefined
          ? []
          : [
              providerSettings('ses', 'ses', 'email', {
                region,
                ...(endpoint === undefined ? {} : { endpoint }),
                ...(from === undefined ? {} : { from }),
              }),
            ],
    },
    checkProduction: checkTopicsConfigured(settings.snsTopicArns),
    variablesSet: { ses: whichAreSet({ region, endpoint }) },
  };
});
