import {
  adminToken,
  appWithKey,
  type AppWithKey,
  bearer,
  startApp,
  type TestApp,
  viewerToken,
} from '../harness/test-app';

const admin = bearer(adminToken());
const SERVICE_SID = 'MG9752274e9e519418a7406176694466fa';

const refusedAs = (field: string, code: string) => ({
  code: 'VALIDATION_ERROR',
  message: expect.any(String),
  details: [expect.objectContaining({ field, code })],
});

function sender(t: TestApp, app: AppWithKey) {
  const post = (channel: string, body: Record<string, unknown>) =>
    t.http.post(`/api/v1/messages/${channel}`).set('x-api-key', app.key).send(body);
  return {
    email: (fields: Record<string, unknown>) =>
      post('email', { to: 'alex@example.com', subject: 'Hi', text: 'Hello', ...fields }),
    sms: (fields: Record<string, unknown>) =>
      post('sms', { to: '+14155550100', body: 'Hi', ...fields }),
    whatsapp: (fields: Record<string, unknown>) =>
      post('whatsapp', { to: '+14155550100', body: 'Hi', ...fields }),
    voice: (fields: Record<string, unknown>) => post('voice', { to: '+14155550100', ...fields }),
  };
}

describe('sender identity and TwiML per app (FerretDB: not the embedded default)', () => {
  let t: TestApp;
  let tenantA: AppWithKey;
  let tenantB: AppWithKey;

  beforeAll(async () => {
    t = await startApp({ mongo: true });
    tenantA = await appWithKey(t, { name: 'tenant-a', rateLimitPerMinute: 100000 });
    tenantB = await appWithKey(t, { name: 'tenant-b', rateLimitPerMinute: 100000 });
    await t.http
      .put(`/api/v1/apps/${tenantA.appId}/senders`)
      .set(admin)
      .send({
        email: ['Tenant-A.example', 'ceo@tenant-a.net'],
        phone: ['+1 415 555 0199', 'TenantA', SERVICE_SID],
      })
      .expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('an app without senders of its own', () => {
    it("refuses another tenant's email address and display name", async () => {
      const res = await sender(t, tenantB)
        .email({ from: 'billing@tenant-a.example', fromName: 'Tenant A Billing' })
        .expect(400);
      expect(res.body).toEqual(refusedAs('from', 'sender_not_allowed'));
      expect(res.body.details[0].message).toContain('no email senders of its own');
    });

    it("refuses a display name on the provider's default sender", async () => {
      const res = await sender(t, tenantB).email({ fromName: 'Tenant A Billing' }).expect(400);
      expect(res.body).toEqual(refusedAs('fromName', 'sender_not_allowed'));
    });

    it.each([
      ['sms', { from: 'TenantA' }, 'from'],
      ['sms', { from: '+14155550199' }, 'from'],
      ['sms', { messagingServiceSid: SERVICE_SID }, 'messagingServiceSid'],
      ['whatsapp', { from: '+14155550199' }, 'from'],
      ['voice', { from: '+14155550199', say: { text: 'Hi' } }, 'from'],
    ] as const)('refuses %s with %j', async (channel, fields, field) => {
      const res = await sender(t, tenantB)[channel](fields).expect(400);
      expect(res.body).toEqual(refusedAs(field, 'sender_not_allowed'));
    });

    it("sends from the provider's default sender when it names none", async () => {
      await sender(t, tenantB).email({}).expect(202);
      await sender(t, tenantB).sms({}).expect(202);
      await sender(t, tenantB)
        .voice({ say: { text: 'Hi' } })
        .expect(202);
    });

    it('broadcasts, which name no sender, still go out', async () => {
      const res = await t.http
        .post('/api/v1/broadcasts')
        .set('x-api-key', tenantB.key)
        .send({
          channels: ['email', 'sms'],
          email: 'alex@example.com',
          phone: '+14155550100',
          subject: 'Hi',
          body: 'Hello',
        })
        .expect(200);
      expect(res.body.results.map((result: { success: boolean }) => result.success)).toEqual([
        true,
        true,
      ]);
    });
  });

  describe('an app with senders', () => {
    it.each([
      ['an address of its domain', 'billing@tenant-a.example'],
      ['the domain in another case', 'Billing@TENANT-A.example'],
      ['a listed address', 'ceo@tenant-a.net'],
    ])('sends email from %s, with a display name', async (_case, from) => {
      await sender(t, tenantA).email({ from, fromName: 'Tenant A Billing' }).expect(202);
    });

    it.each([
      ['a subdomain', 'billing@mail.tenant-a.example'],
      ['another address of a listed address’s domain', 'cfo@tenant-a.net'],
      ['another tenant', 'billing@tenant-b.example'],
    ])('refuses %s', async (_case, from) => {
      const res = await sender(t, tenantA).email({ from }).expect(400);
      expect(res.body).toEqual(refusedAs('from', 'sender_not_allowed'));
      expect(res.body.details[0].message).toContain('not among this app');
    });

    it('sends SMS from its number, sender id and Messaging Service, and no other', async () => {
      await sender(t, tenantA).sms({ from: '+1 (415) 555-0199' }).expect(202);
      await sender(t, tenantA).sms({ from: 'TenantA' }).expect(202);
      await sender(t, tenantA)
        .sms({ messagingServiceSid: `MG${SERVICE_SID.slice(2).toUpperCase()}` })
        .expect(202);
      await sender(t, tenantA).sms({ from: 'TenantB' }).expect(400);
      await sender(t, tenantA).whatsapp({ from: '+14155550199' }).expect(202);
      await sender(t, tenantA).whatsapp({ from: '+14155550198' }).expect(400);
    });
  });

  describe('inline TwiML', () => {
    const dial = (number: string, attributes = '') =>
      `<Response><Dial${attributes}>${number}</Dial></Response>`;

    it('refuses Dial to premium and international numbers and a Redirect to an outside URL', async () => {
      for (const twiml of [
        dial('+19005550100'),
        '<Response><Dial><Number>+88213001234</Number></Dial></Response>',
        '<Response><Redirect>https://evil.example/next.xml</Redirect></Response>',
        '<Response><Gather action="https://evil.example/menu"><Say>Press 1</Say></Gather></Response>',
      ]) {
        const res = await sender(t, tenantB).voice({ twiml }).expect(400);
        expect(res.body).toEqual(refusedAs('twiml', 'twiml_not_allowed'));
      }
    });

    it('takes what any call may do', async () => {
      await sender(t, tenantB)
        .voice({
          twiml:
            '<Response><Gather numDigits="1"><Say>Press 1</Say></Gather><Play>https://cdn.example.net/a.mp3</Play><Hangup/></Response>',
        })
        .expect(202);
    });

    it('takes Dial within the prefixes an admin allowed, with a caller id among its senders', async () => {
      await t.http
        .put(`/api/v1/apps/${tenantA.appId}/twiml-policy`)
        .set(admin)
        .send({ allow: ['Dial'], dialPrefixes: ['+1415'], urlHosts: ['ivr.tenant-a.example'] })
        .expect(200, {
          allow: ['Dial'],
          dialPrefixes: ['+1415'],
          urlHosts: ['ivr.tenant-a.example'],
        });
      const voice = sender(t, tenantA).voice;
      await voice({ twiml: dial('+1 415 555 0100') }).expect(202);
      await voice({ twiml: dial('+14155550100', ' callerId="+14155550199"') }).expect(202);
      expect((await voice({ twiml: dial('+19005550100') }).expect(400)).body).toEqual(
        refusedAs('twiml', 'twiml_not_allowed'),
      );
      expect(
        (await voice({ twiml: dial('+14155550100', ' callerId="+14155550123"') }).expect(400)).body,
      ).toEqual(refusedAs('twiml', 'sender_not_allowed'));
      await voice({ twimlUrl: 'https://ivr.tenant-a.example/call.xml' }).expect(202);
      expect((await voice({ twimlUrl: 'https://evil.example/call.xml' }).expect(400)).body).toEqual(
        refusedAs('twimlUrl', 'twiml_not_allowed'),
      );
    });

    it('refuses a twimlUrl by default: its instructions could do anything', async () => {
      const res = await sender(t, tenantB).voice({ twimlUrl: 'https://tenant-b.example/call.xml' });
      expect(res.status).toBe(400);
      expect(res.body).toEqual(refusedAs('twimlUrl', 'twiml_not_allowed'));
    });
  });

  describe('the admin routes', () => {
    it('show empty lists for an app without its own, and normalise what they store', async () => {
      await t.http
        .get(`/api/v1/apps/${tenantB.appId}/senders`)
        .set(bearer(viewerToken()))
        .expect(200, { email: [], phone: [] });
      await t.http
        .get(`/api/v1/apps/${tenantB.appId}/twiml-policy`)
        .set(bearer(viewerToken()))
        .expect(200, { allow: [], dialPrefixes: [], urlHosts: [] });
      await t.http
        .get(`/api/v1/apps/${tenantA.appId}/senders`)
        .set(admin)
        .expect(200, {
          email: ['tenant-a.example', 'ceo@tenant-a.net'],
          phone: ['+14155550199', 'TenantA', SERVICE_SID],
        });
    });

    it.each([
      ['senders', { email: ['not an address'], phone: [] }, 'email', 'invalid_sender'],
      ['senders', { email: [], phone: ['4155550199'] }, 'phone', 'invalid_sender'],
      ['senders', { email: 'a@b.example', phone: [] }, 'email', 'invalid_type'],
      [
        'twiml-policy',
        { allow: ['Teleport'], dialPrefixes: [], urlHosts: [] },
        'allow',
        'invalid_value',
      ],
      [
        'twiml-policy',
        { allow: [], dialPrefixes: ['1900'], urlHosts: [] },
        'dialPrefixes',
        'invalid_format',
      ],
      [
        'twiml-policy',
        { allow: [], dialPrefixes: [], urlHosts: ['https://x.example/'] },
        'urlHosts',
        'invalid_format',
      ],
    ])('refuses a bad %s body: %j', async (route, body, field, code) => {
      const res = await t.http
        .put(`/api/v1/apps/${tenantB.appId}/${route}`)
        .set(admin)
        .send(body)
        .expect(400);
      expect(res.body.details).toContainEqual(expect.objectContaining({ field, code }));
    });

    it('let only admins change them, and answer 404 for an unknown app', async () => {
      const body = { email: ['tenant-b.example'], phone: [] };
      await t.http
        .put(`/api/v1/apps/${tenantB.appId}/senders`)
        .set(bearer(viewerToken()))
        .send(body)
        .expect(403);
      await t.http
        .put(`/api/v1/apps/${tenantB.appId}/senders`)
        .set('x-api-key', tenantB.key)
        .send(body)
        // A key is not the kind of credential an admin route takes.
        .expect(401);
      await t.http.put('/api/v1/apps/app_missing/senders').set(admin).send(body).expect(404);
      await t.http.get('/api/v1/apps/app_missing/twiml-policy').set(admin).expect(404);
    });
  });
});

describe('sender identity on the embedded default (memory store)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('lets an app without senders name any, so that a first try works', async () => {
    const app = await appWithKey(t, { name: 'trying' });
    await sender(t, app).sms({ from: 'Acme' }).expect(202);
    await sender(t, app).email({ from: 'me@example.com', fromName: 'Me' }).expect(202);
  });

  it('holds an app with senders to them', async () => {
    const app = await appWithKey(t, { name: 'configured' });
    await t.http
      .put(`/api/v1/apps/${app.appId}/senders`)
      .set(admin)
      .send({ email: ['shop.example'], phone: [] })
      .expect(200);
    await sender(t, app).email({ from: 'me@shop.example' }).expect(202);
    await sender(t, app).email({ from: 'me@example.com' }).expect(400);
    // No phone senders of its own: on the embedded default it may still name one.
    await sender(t, app).sms({ from: 'Acme' }).expect(202);
  });
});
