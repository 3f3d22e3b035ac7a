import { randomBytes } from 'node:crypto';
import {
  adminToken,
  appWithKey,
  bearer,
  startApp,
  TEST_JWT_SECRET,
  type TestApp,
  viewerToken,
} from '../harness/test-app';

const SECRETS = {
  mainToken: 'main-auth-token-7c1f0e',
  backupToken: 'backup-auth-token-2b9d4a',
  shortcutToken: 'shortcut-auth-token-5e8a31',
  smtpPassword: 'smtp-password-41d7c2',
  encryptionKey: randomBytes(32).toString('base64'),
};
const MAIN_SID = `AC${'1'.repeat(32)}`;
const BACKUP_SID = `AC${'2'.repeat(32)}`;
const SHORTCUT_SID = `AC${'3'.repeat(32)}`;
const MESSAGING_SERVICE = `MG${'4'.repeat(32)}`;

/** SMS fails over between two accounts; email goes through SMTP; Twilio's shortcut adds voice. */
const PROVIDERS = JSON.stringify({
  sms: [
    {
      id: 'twilio-main',
      type: 'twilio',
      accountSid: MAIN_SID,
      authToken: SECRETS.mainToken,
      from: '+14155550100',
    },
    {
      id: 'twilio-backup',
      type: 'twilio',
      accountSid: BACKUP_SID,
      authToken: SECRETS.backupToken,
      messagingServiceSid: MESSAGING_SERVICE,
    },
  ],
  email: [
    {
      id: 'smtp-relay',
      type: 'smtp',
      url: `smtp://mailer:${SECRETS.smtpPassword}@127.0.0.1:2525`,
      from: 'noreply@example.com',
    },
  ],
});

describe("each channel's providers and default senders on /status, never a secret", () => {
  let t: TestApp;
  let status: { channels: Record<string, unknown> };

  beforeAll(async () => {
    t = await startApp(
      {},
      {
        PROVIDERS,
        TWILIO_ACCOUNT_SID: SHORTCUT_SID,
        TWILIO_AUTH_TOKEN: SECRETS.shortcutToken,
        TWILIO_FROM: '+14155550111',
        ENCRYPTION_KEY: SECRETS.encryptionKey,
      },
    );
    status = (await t.http.get('/api/v1/status').set(bearer(adminToken())).expect(200)).body;
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists the providers in fail-over order and the sender each sends from', () => {
    expect(status.channels.sms).toEqual({
      configured: true,
      providers: ['twilio-main', 'twilio-backup'],
      senders: {
        'twilio-main': { from: '+14155550100' },
        'twilio-backup': { messagingServiceSid: MESSAGING_SERVICE },
      },
    });
    expect(status.channels.email).toEqual({
      configured: true,
      providers: ['smtp-relay'],
      senders: { 'smtp-relay': { from: 'noreply@example.com' } },
    });
  });

  it("shows the shortcut's providers for the channels PROVIDERS does not list", () => {
    expect(status.channels.voice).toEqual({
      configured: true,
      providers: ['twilio-voice'],
      senders: { 'twilio-voice': { from: '+14155550111' } },
    });
  });

  it('shows a channel no provider serves as not configured', () => {
    expect(status.channels.webhook).toEqual({ configured: false, providers: [], senders: {} });
  });

  it('shows no secret anywhere in the answer', () => {
    const text = JSON.stringify(status);
    for (const secret of [...Object.values(SECRETS), TEST_JWT_SECRET])
      expect(text).not.toContain(secret);
    expect(text).not.toContain('mailer:');
  });

  it('stays open to admin tokens only', async () => {
    await t.http.get('/api/v1/status').expect(401);
    await t.http.get('/api/v1/status').set(bearer(viewerToken())).expect(403);
    const { key } = await appWithKey(t, { name: 'status-reader' });
    await t.http.get('/api/v1/status').set('x-api-key', key).expect(401);
  });
});
