/**
 * The app the SES notification suites share: its email goes through a scripted provider standing
 * for SES, and an SNS side serves certificates. `useSesNotificationsApp` starts it for the suite
 * running now; the `let` bindings are live, so a spec reads the current app and keys wherever it
 * names them.
 */
import { CallbackPatience } from '../../src/provider-reports/callback-patience';
import { SnsHttpsClient } from '../../src/vendors/ses/sns/sns-https.client';
import { appWithKey, startApp, type TestApp } from '../harness/test-app';
import {
  CERT_URL,
  makeSigningKey,
  type SigningKey,
  SnsSigner,
  SnsTestHttps,
  TOPIC_ARN,
} from '../support/sns-notifications';

const PROVIDERS = JSON.stringify({ email: [{ id: 'ses-box', type: 'scripted' }] });
export const EVIL_CERT_URL = 'https://evil.example.com/cert.pem';
export const LOOKALIKE_CERT_URL = 'https://sns.us-east-1.amazonaws.com.evil.example.com/cert.pem';
export const SUBSCRIBE_URL = `https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC_ARN}&Token=token-for-the-test-subscription`;

export let key: SigningKey;
export let otherKey: SigningKey;
export let https: SnsTestHttps;
export let t: TestApp;
export let apiKey: string;
export let appId: string;
export let sns: SnsSigner;

export function useSesNotificationsApp(): void {
  beforeAll(async () => {
    key = makeSigningKey();
    otherKey = makeSigningKey();
    https = new SnsTestHttps();
    https.serve(CERT_URL, key.certificatePem);
    // Served too, so that a refusal of these URLs comes from the host rule, not from a 404.
    for (const url of [EVIL_CERT_URL, LOOKALIKE_CERT_URL]) https.serve(url, key.certificatePem);
    t = await startApp(
      { scripted: true, overrides: [{ provide: SnsHttpsClient, useValue: https }] },
      { PROVIDERS, SES_SNS_TOPIC_ARNS: TOPIC_ARN },
    );
    // Unknown message ids are held this long instead of the few seconds a deployment waits.
    t.app.get(CallbackPatience).windowMs = 200;
    ({ appId, key: apiKey } = await appWithKey(t, {
      name: 'ses-notifications',
      rateLimitPerMinute: 100000,
    }));
    sns = new SnsSigner(key);
  });
  afterAll(async () => {
    await t.close();
  });
}
