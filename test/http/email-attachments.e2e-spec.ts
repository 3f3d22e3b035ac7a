import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { createApp } from '../../src/app.setup';
import { parseAppSettings } from '../../src/app.settings';
import {
  type OutboundMessage,
  type Provider,
  type ProviderConfig,
  ProviderError,
  type ProviderFactory,
  type SendSuccess,
} from '../../src/contract/provider';
import { AttachmentStore } from '../../src/channels/email/attachment.store';
import { type Env, type TestApp, type TestAppOptions, testEnv } from '../harness/test-app';
import { eventually } from '../support/polling';
import { LIMITS, valid, b64, pdfBytes, pdf, keyFor, client } from './email-api';

/** Test-only provider type `capture`: keeps what it was given; fails the first `failFirst` sends. */
class CaptureProvider implements Provider {
  readonly type = 'capture';
  readonly received: OutboundMessage[] = [];
  failFirst = 0;

  constructor(
    readonly id: string,
    readonly channel: ProviderConfig['channel'],
  ) {}

  send(message: OutboundMessage): Promise<SendSuccess> {
    this.received.push(message);
    if (this.failFirst > 0) {
      this.failFirst -= 1;
      return Promise.reject(new ProviderError('PROVIDER_OUTAGE', 'captured, then refused'));
    }
    return Promise.resolve({ providerMessageId: `capture-${message.id}`, status: 'SENT' });
  }
}

class CaptureFactory implements ProviderFactory {
  readonly type = 'capture';
  provider?: CaptureProvider;

  create(config: ProviderConfig): Provider {
    this.provider = new CaptureProvider(config.id, config.channel);
    return this.provider;
  }
}

async function startCapturing(
  options: TestAppOptions,
  env: Env = {},
): Promise<{ t: TestApp; capture: CaptureProvider }> {
  const providers = JSON.stringify({
    email: [{ id: 'capture', type: 'capture', maxAttempts: 3, retryBaseMs: 10, retryMaxMs: 20 }],
  });
  const settings = parseAppSettings(testEnv(options, { PROVIDERS: providers, ...env }), () =>
    randomBytes(32).toString('base64url'),
  );
  const factory = new CaptureFactory();
  const app = await createApp(
    settings,
    AppModule.forRoot(settings, { providerFactories: [factory] }),
  );
  await app.init();
  const capture = factory.provider;
  if (!capture) throw new Error('the capture provider was not created');
  return {
    t: { app, http: request(app.getHttpServer()), settings, close: () => app.close() },
    capture,
  };
}

describe.each([
  ['memory', {}],
  ['MongoDB (FerretDB)', { mongo: true }],
])('email attachments reach the provider (%s)', (_name, options: TestAppOptions) => {
  let t: TestApp;
  let capture: CaptureProvider;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    ({ t, capture } = await startCapturing(options, LIMITS));
    api = client(t, await keyFor(t));
  });
  afterAll(async () => {
    await t.close();
  });

  it('gives each attempt the bytes byte for byte, then drops them', async () => {
    capture.failFirst = 1;
    const photo = randomBytes(1500);
    const res = await api
      .send({
        ...valid,
        attachments: [
          pdf,
          { filename: 'photo.jpg', content: b64(photo), contentType: 'image/jpeg' },
        ],
      })
      .expect(202);
    const id = res.body.messageId as string;
    const message = await api.settled(id, ['SENT']);
    expect(message.attempts.map((a: { status: string }) => a.status)).toEqual(['RETRYING', 'SENT']);
    const sends = capture.received.filter((sent) => sent.id === id);
    expect(sends).toHaveLength(2);
    for (const sent of sends) {
      expect(sent.attachments?.map((file) => file.filename)).toEqual([
        'receipt-2891.pdf',
        'photo.jpg',
      ]);
      expect(sent.attachments?.[0]?.content.equals(pdfBytes)).toBe(true);
      expect(sent.attachments?.[1]?.content.equals(photo)).toBe(true);
      expect(sent.attachments?.[1]?.contentType).toBe('image/jpeg');
    }
    await eventually(
      () => api.stored(id),
      (files) => files === undefined,
      'the attachment bytes to be dropped',
    );
  });

  it('drops the bytes after a send that finally failed', async () => {
    capture.failFirst = 3;
    const res = await api.send({ ...valid, attachments: [pdf] }).expect(202);
    const id = res.body.messageId as string;
    const message = await api.settled(id, ['FAILED']);
    expect(message.attempts).toHaveLength(3);
    await eventually(
      () => api.stored(id),
      (files) => files === undefined,
      'the attachment bytes to be dropped',
    );
  });

  it('fails the send without a provider call when the bytes are gone', async () => {
    const scheduledAt = new Date(Date.now() + 1500).toISOString();
    const res = await api.send({ ...valid, scheduledAt, attachments: [pdf] }).expect(202);
    const id = res.body.messageId as string;
    await t.app.get(AttachmentStore).drop(id);
    const message = await api.settled(id, ['FAILED']);
    expect(message.attempts).toEqual([
      expect.objectContaining({
        provider: 'attachment-store',
        status: 'FAILED',
        errorCategory: 'CONFIGURATION_ERROR',
        errorMessage: expect.stringContaining('no longer stored'),
      }),
    ]);
    expect(capture.received.some((sent) => sent.id === id)).toBe(false);
  });

  it('sends an email without attachments with none', async () => {
    const res = await api.send(valid).expect(202);
    await api.settled(res.body.messageId, ['SENT']);
    const sent = capture.received.find((message) => message.id === res.body.messageId);
    expect(sent?.attachments).toBeUndefined();
    expect(sent?.content).toEqual({ subject: 'Receipt #2891', text: 'Thanks.' });
  });
});
