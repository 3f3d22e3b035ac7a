import {
  channelChain,
  parseApp,
  providersById,
  serviceAccountKey,
  VAPID,
} from '../test/support/settings';
import { sesSettings } from './vendors/ses/ses-settings';
import { smtpSettings } from './vendors/smtp/smtp-settings';

/** How this build's vendors' variables combine. */
describe('email shortcut', () => {
  const SMTP_URL = 'smtps://mailer:smtp-secret@smtp.example.com:465';
  const EMAIL_FROM = 'billing@example.com';
  const SES_REGION = 'eu-west-1';

  it('chains SES first and SMTP as its fail-over when both are set', () => {
    expect(channelChain({ SMTP_URL, SES_REGION }, 'email').map(({ id }) => id)).toEqual([
      'ses',
      'smtp',
    ]);
  });

  it('combines with the Twilio shortcut', () => {
    const settings = parseApp({
      SMTP_URL,
      TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef',
      TWILIO_AUTH_TOKEN: 'token',
      TWILIO_FROM: '+14155550100',
    });
    expect(settings.providers.list?.map(({ id }) => id)).toEqual([
      'twilio-sms',
      'twilio-whatsapp',
      'twilio-voice',
      'smtp',
      'webhook',
      'inbox',
      'sandbox-push',
    ]);
  });

  it('gives PROVIDERS entries of type smtp and ses EMAIL_FROM, SES_REGION and SES_ENDPOINT unless they set their own', () => {
    const providers = providersById(
      parseApp({
        EMAIL_FROM,
        SES_REGION,
        SES_ENDPOINT: 'http://127.0.0.1:8005',
        PROVIDERS: JSON.stringify({
          email: [
            { id: 'ses-eu', type: 'ses' },
            { id: 'ses-us', type: 'ses', region: 'us-east-1', from: 'us@example.com' },
            { id: 'relay', type: 'smtp', host: 'relay.internal' },
            { id: 'box', type: 'sandbox' },
          ],
        }),
      }),
    );
    expect(providers['ses-eu'].options).toEqual({
      region: SES_REGION,
      endpoint: 'http://127.0.0.1:8005',
      from: EMAIL_FROM,
    });
    expect(providers['ses-us'].options).toEqual({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:8005',
      from: 'us@example.com',
    });
    expect(providers.relay.options).toEqual({ host: 'relay.internal', from: EMAIL_FROM });
    expect(providers.box.options).toEqual({});
  });

  it('keeps the settings for /status', () => {
    const settings = parseApp({ SMTP_URL, EMAIL_FROM, SES_REGION });
    const smtp = smtpSettings.of(settings);
    const ses = sesSettings.of(settings);
    expect(smtp.url).toBe(SMTP_URL);
    expect(smtp.from).toBe(EMAIL_FROM);
    expect({ region: ses.region, endpoint: ses.endpoint }).toEqual({
      region: SES_REGION,
      endpoint: undefined,
    });
  });
});

describe('push variables', () => {
  const { json: SERVICE_ACCOUNT } = serviceAccountKey();

  it('gives webpush entries the VAPID keys and fcm entries the key file and API base URL', () => {
    const chain = channelChain(
      {
        ...VAPID,
        FCM_SERVICE_ACCOUNT: SERVICE_ACCOUNT,
        FCM_API_BASE_URL: 'http://127.0.0.1:9099',
        PROVIDERS: JSON.stringify({
          push: [
            { id: 'webpush', type: 'webpush' },
            { id: 'fcm', type: 'fcm' },
            { id: 'fcm-own', type: 'fcm', apiBaseUrl: 'http://own.example' },
          ],
        }),
      },
      'push',
    );
    expect(chain.map(({ options }) => options)).toEqual([
      {
        vapidPublicKey: VAPID.VAPID_PUBLIC_KEY,
        vapidPrivateKey: VAPID.VAPID_PRIVATE_KEY,
        vapidSubject: VAPID.VAPID_SUBJECT,
      },
      { serviceAccount: SERVICE_ACCOUNT, apiBaseUrl: 'http://127.0.0.1:9099' },
      { serviceAccount: SERVICE_ACCOUNT, apiBaseUrl: 'http://own.example' },
    ]);
  });
});
