import { generateKeyPairSync } from 'node:crypto';
import { PROVIDER_DEFAULTS } from '../../contract/provider-settings';
import { type OutboundMessage, ProviderError, type ProviderConfig } from '../../contract/provider';
import { FcmProviderFactory } from '../fcm/fcm-provider.factory';
import { fcmMessage } from '../fcm/fcm.provider';
import { pushNotification } from '../../contract/content/push-notification';
import { newVapidKeys } from './vapid-keys';
import { WebPushProviderFactory } from './webpush-provider.factory';
import { webPushPayload } from './webpush.provider';
import type { Channel } from '../../contract/channel';

const config = (
  type: string,
  options: Record<string, unknown>,
  channel: Channel = 'push',
): ProviderConfig => ({ id: `${type}-main`, type, channel, ...PROVIDER_DEFAULTS, options });

const message = (content: Record<string, unknown>, to = 'token-or-endpoint'): OutboundMessage => ({
  id: 'msg_1',
  appId: 'app_1',
  channel: 'push',
  to: [to],
  content,
  metadata: {},
});

const KEYS = newVapidKeys();

describe('WebPushProviderFactory', () => {
  const factory = new WebPushProviderFactory();

  it('builds a push provider from configured keys', () => {
    const provider = factory.create(
      config('webpush', {
        vapidPublicKey: KEYS.publicKey,
        vapidPrivateKey: KEYS.privateKey,
        vapidSubject: 'mailto:ops@example.com',
      }),
      {},
    );
    expect(provider).toMatchObject({ id: 'webpush-main', type: 'webpush', channel: 'push' });
  });

  it('makes one pair for the process when none is configured', () => {
    expect(() => factory.create(config('webpush', {}), {})).not.toThrow();
    expect(() => factory.create(config('webpush', {}), {})).not.toThrow();
  });

  it.each<[Record<string, unknown>, string]>([
    [{ vapidPublicKey: KEYS.publicKey }, 'option vapidPrivateKey is required with vapidPublicKey'],
    [
      { vapidPrivateKey: KEYS.privateKey },
      'option vapidPublicKey is required with vapidPrivateKey',
    ],
    [
      { vapidPublicKey: 'short', vapidPrivateKey: KEYS.privateKey, vapidSubject: 'mailto:a@b.c' },
      'option vapidPublicKey must be an uncompressed P-256 public key',
    ],
    [
      { vapidPublicKey: KEYS.publicKey, vapidPrivateKey: 'short', vapidSubject: 'mailto:a@b.c' },
      'option vapidPrivateKey must be a P-256 private key',
    ],
    [
      { vapidPublicKey: KEYS.publicKey, vapidPrivateKey: KEYS.privateKey },
      'option vapidSubject is required with the VAPID keys',
    ],
    [{ vapidSubject: 'http://example.com' }, 'option vapidSubject must be a mailto: or https: URL'],
    [{ urgency: 'urgent' }, 'option urgency must be one of very-low, low, normal, high'],
    [{ ttlSeconds: -1 }, 'option ttlSeconds must be an integer from 0 to 2419200'],
  ])('checks the options at creation: %j', (options, problem) => {
    expect(() => factory.create(config('webpush', options), {})).toThrow(
      `provider webpush-main (type webpush): ${problem}`,
    );
  });

  it('refuses a channel other than push', () => {
    expect(() => factory.create(config('webpush', {}, 'email'), {})).toThrow(
      'channel email is not served by Web Push (push is)',
    );
  });
});

describe('FcmProviderFactory', () => {
  const factory = new FcmProviderFactory();

  it('requires the service-account key and names the variable', () => {
    expect(() => factory.create(config('fcm', {}))).toThrow(
      'provider fcm-main (type fcm): option serviceAccount is required (or set FCM_SERVICE_ACCOUNT)',
    );
  });

  it('says what is wrong with the key without echoing it', () => {
    expect(() => factory.create(config('fcm', { serviceAccount: '{"project_id":"p"}' }))).toThrow(
      'option serviceAccount lacks client_email',
    );
  });

  it('refuses a channel other than push', () => {
    expect(() => factory.create(config('fcm', {}, 'sms'))).toThrow(
      'channel sms is not served by FCM (push is)',
    );
  });
});

describe('push payloads', () => {
  const content = {
    target: 'webpush',
    keys: { p256dh: 'p', auth: 'a' },
    title: 'Shipped',
    body: 'On its way',
    data: { orderId: '2891', ignored: 7 },
    url: 'https://shop.example.com/orders/2891',
  };

  it('gives the service worker title, body, data, url and the message id', () => {
    expect(JSON.parse(webPushPayload(pushNotification(message(content))))).toEqual({
      title: 'Shipped',
      body: 'On its way',
      data: { orderId: '2891' },
      url: 'https://shop.example.com/orders/2891',
      messageId: 'msg_1',
    });
  });

  it('builds the FCM v1 message with string data', () => {
    const notification = pushNotification(message({ ...content, target: 'fcm' }, 'device-token'));
    expect(fcmMessage(notification)).toEqual({
      token: 'device-token',
      notification: { title: 'Shipped', body: 'On its way' },
      data: { orderId: '2891', url: 'https://shop.example.com/orders/2891', messageId: 'msg_1' },
    });
  });

  it('refuses content it cannot read as final', () => {
    expect(() => pushNotification(message({ body: 'no target' }))).toThrow(ProviderError);
  });

  it('fails a provider given the other kind of target over to the next one', async () => {
    const fcm = new FcmProviderFactory();
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const provider = fcm.create(
      config('fcm', {
        serviceAccount: JSON.stringify({
          project_id: 'p',
          client_email: 'e@p.iam.gserviceaccount.com',
          private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        }),
      }),
    );
    await expect(provider.send(message(content))).rejects.toMatchObject({
      category: 'CONFIGURATION_ERROR',
      message: 'provider type fcm cannot send to a Web Push subscription',
    });
  });
});
