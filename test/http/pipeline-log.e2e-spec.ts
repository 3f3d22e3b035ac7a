import { adminToken, appWithKey, bearer, startApp } from '../harness/test-app';
import { sendSms, settled, PIPELINE_MODES, s, usePipelineApp } from './pipeline-app';

describe.each(PIPELINE_MODES)('message pipeline through the HTTP API (%s)', (_mode, mongo) => {
  usePipelineApp(mongo);

  it('holds a scheduled message until its time and refuses times in the past', async () => {
    const at = new Date(Date.now() + 1500).toISOString();
    const res = await sendSms(s, { scheduledAt: at }).expect(202);
    expect(res.body.status).toBe('SCHEDULED');
    const early = await s.t.http
      .get(`/api/v1/messages/${res.body.messageId}`)
      .set('x-api-key', s.key)
      .expect(200);
    expect(early.body.status).toBe('SCHEDULED');
    const message = await settled(s, res.body.messageId);
    expect(message.status).toBe('SENT');
    expect(new Date(message.attempts[0].timestamp).getTime()).toBeGreaterThanOrEqual(
      new Date(at).getTime(),
    );
    const past = await sendSms(s, {
      scheduledAt: new Date(Date.now() - 60_000).toISOString(),
    }).expect(400);
    expect(past.body.details[0]).toMatchObject({ field: 'scheduledAt', code: 'scheduled_in_past' });
    await sendSms(s, { scheduledAt: 'tomorrow' }).expect(400);
  });

  it('cancels a scheduled message and refuses to cancel a sent one', async () => {
    const scheduled = await sendSms(s, {
      scheduledAt: new Date(Date.now() + 60_000).toISOString(),
    }).expect(202);
    const canceled = await s.t.http
      .post(`/api/v1/messages/${scheduled.body.messageId}/cancel`)
      .set('x-api-key', s.key)
      .expect(200);
    expect(canceled.body.status).toBe('CANCELED');
    const sent = await sendSms(s, {}, { Prefer: 'wait=10' }).expect(200);
    const refused = await s.t.http
      .post(`/api/v1/messages/${sent.body.messageId}/cancel`)
      .set('x-api-key', s.key)
      .expect(409);
    expect(refused.body.code).toBe('CONFLICT');
  });

  it("hides another app's messages (404) and lets admins read across apps", async () => {
    const sent = await sendSms(s).expect(202);
    const admin = bearer(adminToken());
    const other = await appWithKey(s.t, { name: 'other' });
    await s.t.http
      .get(`/api/v1/messages/${sent.body.messageId}`)
      .set('x-api-key', other.key)
      .expect(404);
    await s.t.http
      .post(`/api/v1/messages/${sent.body.messageId}/cancel`)
      .set('x-api-key', other.key)
      .expect(404);
    const byAdmin = await s.t.http
      .get(`/api/v1/messages/${sent.body.messageId}`)
      .set(admin)
      .expect(200);
    expect(byAdmin.body.appId).toBe(s.appId);
    const list = await s.t.http
      .get('/api/v1/messages')
      .query({ appId: other.appId })
      .set(admin)
      .expect(200);
    expect(list.body.data).toEqual([]);
    const refused = await s.t.http
      .get('/api/v1/messages')
      .query({ appId: other.appId })
      .set('x-api-key', s.key)
      .expect(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    const own = await s.t.http
      .get('/api/v1/messages')
      .query({ appId: s.appId })
      .set('x-api-key', s.key)
      .expect(200);
    expect(own.body.data.map((m: { messageId: string }) => m.messageId)).toContain(
      sent.body.messageId,
    );
  });

  it('filters the log, walks it with an opaque cursor that refuses tampering, and counts only when asked', async () => {
    const tag = `walk-${Date.now()}`;
    for (let i = 0; i < 5; i += 1)
      await sendSms(s, { metadata: { tag, n: String(i) } }).expect(202);
    await s.t.http
      .post('/api/v1/messages/email')
      .set('x-api-key', s.key)
      .send({ to: 'a@example.com', subject: 's', text: 't', metadata: { tag } })
      .expect(202);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await s.t.http
        .get('/api/v1/messages')
        .query({ channel: 'sms', 'metadata.tag': tag, limit: 2, ...(cursor ? { cursor } : {}) })
        .set('x-api-key', s.key)
        .expect(200);
      seen.push(...page.body.data.map((m: { messageId: string; channel: string }) => m.messageId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    const first = await s.t.http
      .get('/api/v1/messages')
      .query({ 'metadata.tag': tag, limit: 2 })
      .set('x-api-key', s.key)
      .expect(200);
    const tampered = `${first.body.nextCursor}x`;
    const bad = await s.t.http
      .get('/api/v1/messages')
      .query({ cursor: tampered })
      .set('x-api-key', s.key)
      .expect(400);
    expect(bad.body.details[0].code).toBe('invalid_cursor');
    const offset = await s.t.http
      .get('/api/v1/messages')
      .query({ 'metadata.tag': tag, offset: 1, limit: 2, count: true })
      .set('x-api-key', s.key)
      .expect(200);
    expect(offset.body.total).toBe(6);
    expect(offset.body.data).toHaveLength(2);
    const uncounted = await s.t.http
      .get('/api/v1/messages')
      .query({ 'metadata.tag': tag, offset: 1, limit: 2 })
      .set('x-api-key', s.key)
      .expect(200);
    expect(uncounted.body).not.toHaveProperty('total');
    expect(uncounted.body.data).toEqual(offset.body.data);
    const wrong = await s.t.http
      .get('/api/v1/messages')
      .query({ count: 'yes' })
      .set('x-api-key', s.key)
      .expect(400);
    expect(wrong.body.details[0]).toMatchObject({ field: 'count' });
  });

  it('filters by metadata written as a deepObject, as the document and Swagger UI send it', async () => {
    const tag = `deep-${Date.now()}`;
    const sent = await sendSms(s, { metadata: { tag } }).expect(202);
    await sendSms(s, { metadata: { tag: `${tag}-other` } }).expect(202);
    const res = await s.t.http
      .get(`/api/v1/messages?metadata%5Btag%5D=${tag}`)
      .set('x-api-key', s.key)
      .expect(200);
    expect(res.body.data.map((m: { messageId: string }) => m.messageId)).toEqual([
      sent.body.messageId,
    ]);
  });

  it('refuses a callback URL on a private address without OUTBOUND_ALLOW_PRIVATE', async () => {
    const res = await sendSms(s, { callbackUrl: 'http://127.0.0.1:9/hook' }).expect(400);
    expect(res.body.details[0]).toMatchObject({ field: 'callbackUrl', code: 'invalid_url' });
  });

  it('answers 503 CHANNEL_NOT_CONFIGURED for a channel without providers', async () => {
    const unconfigured = await startApp(
      { scripted: true },
      { PROVIDERS: JSON.stringify({ email: [{ id: 'e', type: 'sandbox' }] }) },
    );
    try {
      const { key } = await appWithKey(unconfigured, { name: 'x' });
      const res = await unconfigured.http
        .post('/api/v1/messages/sms')
        .set('x-api-key', key)
        .send({ to: '+14155550100', body: 'x' })
        .expect(503);
      expect(res.body.code).toBe('CHANNEL_NOT_CONFIGURED');
    } finally {
      await unconfigured.close();
    }
  });
});
