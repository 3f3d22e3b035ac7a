import { readFileSync } from 'node:fs';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, IsUrl } from 'class-validator';
import { blankToUndefined, HTTP_URL_OPTIONS } from '../../common/config/environment';
import { ConfigError } from '../../common/config/variables';
import { settingsContribution, whichAreSet } from '../../contract/settings-contribution';
import { parseServiceAccount } from './fcm-service-account';

export class FcmVariables {
  @IsOptional()
  @Transform(blankToUndefined)
  @IsUrl(HTTP_URL_OPTIONS, { message: 'must be an http(s) URL' })
  FCM_API_BASE_URL?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  FCM_SERVICE_ACCOUNT?: string;
}

export interface FcmSettings {
  readonly apiBaseUrl?: string;
  /** FCM_SERVICE_ACCOUNT's key file JSON (read from the file when a path was given). */
  readonly serviceAccount?: string;
}

/** FCM_SERVICE_ACCOUNT holds the key file's JSON itself, or the path of the file. */
function serviceAccountJson(value: string): string {
  if (value.trimStart().startsWith('{')) return value;
  try {
    return readFileSync(value, 'utf8');
  } catch {
    throw new ConfigError('FCM_SERVICE_ACCOUNT', 'names a file that cannot be read');
  }
}

/** The service-account key, checked usable (and never echoed: it holds a private key). */
function serviceAccount(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const json = serviceAccountJson(value);
  const parsed = parseServiceAccount(json);
  if (!parsed.ok) throw new ConfigError('FCM_SERVICE_ACCOUNT', parsed.problem);
  return json;
}

/** FCM_SERVICE_ACCOUNT and FCM_API_BASE_URL are the defaults of every provider of type `fcm`. */
export const fcmSettings = settingsContribution(FcmVariables, (vars) => {
  const settings: FcmSettings = {
    apiBaseUrl: vars.FCM_API_BASE_URL,
    serviceAccount: serviceAccount(vars.FCM_SERVICE_ACCOUNT),
  };
  return {
    settings,
    typeDefaults: {
      type: 'fcm',
      options: { serviceAccount: settings.serviceAccount, apiBaseUrl: settings.apiBaseUrl },
    },
    variablesSet: whichAreSet({
      fcmApiBaseUrl: settings.apiBaseUrl,
      fcmServiceAccount: settings.serviceAccount,
    }),
  };
});
