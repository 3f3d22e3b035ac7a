import { Transform } from 'class-transformer';
import { IsOptional, Matches } from 'class-validator';
import { blankToUndefined } from '../../common/config/environment';
import { ConfigError } from '../../common/config/variables';
import type { ProviderSettings } from '../../contract/provider-settings';
import { settingsContribution, whichAreSet } from '../../contract/settings-contribution';
import { vapidPublicKeyProblem } from './vapid-keys';

export class WebPushVariables {
  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^[A-Za-z0-9_-]{87}$/, {
    message: 'must be a VAPID public key: 65 bytes in base64url (87 characters)',
  })
  VAPID_PUBLIC_KEY?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^[A-Za-z0-9_-]{43}$/, {
    message: 'must be a VAPID private key: 32 bytes in base64url (43 characters)',
  })
  VAPID_PRIVATE_KEY?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^(mailto:\S+|https:\/\/\S+)$/, { message: 'must be a mailto: or https: URL' })
  VAPID_SUBJECT?: string;
}

/** VAPID keys of `webpush` providers; outside production a pair is made when unset. */
export interface WebPushSettings {
  readonly publicKey?: string;
  readonly privateKey?: string;
  readonly subject?: string;
}

/** The keys come as a pair with a subject, and the public key must be a usable point. */
function checkKeys({ publicKey, privateKey, subject }: WebPushSettings): void {
  if (publicKey && !privateKey)
    throw new ConfigError('VAPID_PRIVATE_KEY', 'is required with VAPID_PUBLIC_KEY');
  if (!publicKey && privateKey)
    throw new ConfigError('VAPID_PUBLIC_KEY', 'is required with VAPID_PRIVATE_KEY');
  const publicProblem = publicKey ? vapidPublicKeyProblem(publicKey) : undefined;
  if (publicProblem) throw new ConfigError('VAPID_PUBLIC_KEY', publicProblem);
  if (publicKey && !subject)
    throw new ConfigError(
      'VAPID_SUBJECT',
      'is required with VAPID_PUBLIC_KEY: a mailto: or https: contact for push services',
    );
}

/**
 * In production a `webpush` provider needs configured VAPID keys: a pair made at start-up would
 * change at every restart (and differ between instances), silently breaking every subscription.
 */
function checkKeysConfigured(listed: readonly ProviderSettings[]): void {
  const keyless = listed.find(
    ({ type, options }) =>
      type === 'webpush' &&
      (options.vapidPublicKey === undefined || options.vapidPrivateKey === undefined),
  );
  if (keyless) {
    throw new ConfigError(
      'VAPID_PUBLIC_KEY',
      `and VAPID_PRIVATE_KEY are required when NODE_ENV=production with the webpush provider ${keyless.id}`,
    );
  }
}

/** VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT are the defaults of `webpush` providers. */
export const webPushSettings = settingsContribution(WebPushVariables, (vars) => {
  const settings: WebPushSettings = {
    publicKey: vars.VAPID_PUBLIC_KEY,
    privateKey: vars.VAPID_PRIVATE_KEY,
    subject: vars.VAPID_SUBJECT,
  };
  checkKeys(settings);
  return {
    settings,
    typeDefaults: {
      type: 'webpush',
      options: {
        vapidPublicKey: settings.publicKey,
        vapidPrivateKey: settings.privateKey,
        vapidSubject: settings.subject,
      },
    },
    checkProduction: checkKeysConfigured,
    variablesSet: { vapid: whichAreSet(settings) },
  };
});
