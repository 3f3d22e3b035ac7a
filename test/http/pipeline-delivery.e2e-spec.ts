import { script, sendSms, settled, PIPELINE_MODES, s, usePipelineApp } from './pipeline-app';

describe.each(PIPELINE_MODES)('message pipeline through the HTTP API (%s)', (_mode, mongo) => {
  usePipelineApp(mongo);

  it('accepts with 202, Location and the message summary, and delivers through the first provider', async () => {
    const res = await sendSms(s).expect(202);
    expect(res.body).toEqual({
      messageId: expect.stringMatching(/^msg_/),
      status: 'QUEUED',
      channel: 'sms',
      to: ['+14155550100'],
      createdAt: expect.any(String),
      segments: 1,
      encoding: 'GSM-7',
    });
    expect(res.headers.location).toBe(`/api/v1/messages/${res.body.messageId}`);
    const message = await settled(s, res.body.messageId);
    expect(message.status).toBe('SENT');
    expect(message.attempts).toEqual([
      expect.objectContaining({
        provider: 'sms-a',
        status: 'SENT',
        providerMessageId: expect.any(String),
        durationMs: expect.any(Number),
      }),
    ]);
    expect(message.events.map((e: { type: string }) => e.type)).toEqual(['queued', 'sent']);
  });

  it('retries a provider outage, then fails over to the next provider, recording every attempt in order', async () => {
    script('sms-a', 'PROVIDER_OUTAGE');
    const res = await sendSms(s).expect(202);
    const message = await settled(s, res.body.messageId);
    expect(message.status).toBe('SENT');
    expect(
      message.attempts.map((a: { provider: string; status: string; errorCategory?: string }) => [
        a.provider,
        a.status,
        a.errorCategory,
      ]),
    ).toEqual([
      ['sms-a', 'RETRYING', 'PROVIDER_OUTAGE'],
      ['sms-a', 'RETRYING', 'PROVIDER_OUTAGE'],
      ['sms-b', 'SENT', undefined],
    ]);
    expect(message.events.map((e: { type: string }) => e.type)).toEqual([
      'queued',
      'retrying',
      'failover',
      'sent',
    ]);
  });

  it('makes an invalid recipient UNDELIVERABLE after one attempt, without fail-over', async () => {
    script('sms-a', 'INVALID_RECIPIENT');
    const res = await sendSms(s).expect(202);
    const message = await settled(s, res.body.messageId);
    expect(message.status).toBe('UNDELIVERABLE');
    expect(message.attempts).toHaveLength(1);
    expect(message.attempts[0]).toMatchObject({
      provider: 'sms-a',
      errorCategory: 'INVALID_RECIPIENT',
    });
  });

  it('fails over at once on a configuration error', async () => {
    script('sms-a', 'AUTH_ERROR');
    const message = await settled(s, (await sendSms(s).expect(202)).body.messageId);
    expect(message.attempts.map((a: { provider: string }) => a.provider)).toEqual([
      'sms-a',
      'sms-b',
    ]);
    expect(message.status).toBe('SENT');
  });

  it('gives up with FAILED when every provider is down, after the configured attempts', async () => {
    script('sms-a', 'TIMEOUT');
    script('sms-b', 'PROVIDER_OUTAGE');
    const message = await settled(s, (await sendSms(s).expect(202)).body.messageId);
    expect(message.status).toBe('FAILED');
    expect(message.attempts.map((a: { provider: string }) => a.provider)).toEqual([
      'sms-a',
      'sms-a',
      'sms-b',
      'sms-b',
    ]);
    expect(message.attempts.at(-1)).toMatchObject({
      status: 'FAILED',
      errorCategory: 'PROVIDER_OUTAGE',
    });
  });

  it('answers Prefer: wait with 200 when sent and 502 PROVIDER_ERROR when it failed', async () => {
    const ok = await sendSms(s, {}, { Prefer: 'wait=10' }).expect(200);
    expect(ok.body.status).toBe('SENT');
    expect(ok.headers['preference-applied']).toBe('wait=10');
    script('sms-a', 'CONTENT_REJECTED');
    const failed = await sendSms(s, {}, { Prefer: 'wait=10' }).expect(502);
    expect(failed.body).toMatchObject({
      code: 'PROVIDER_ERROR',
      details: [expect.objectContaining({ status: 'FAILED', errorCategory: 'CONTENT_REJECTED' })],
    });
  });

  it('creates one message for 20 concurrent identical requests with one Idempotency-Key, and refuses another body', async () => {
    const batch = `idem-${Date.now()}`;
    const headers = { 'Idempotency-Key': `order-${batch}` };
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => sendSms(s, { body: 'same', metadata: { batch } }, headers)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(202));
    expect(new Set(answers.map((a) => a.body.messageId)).size).toBe(1);
    const list = await s.t.http
      .get('/api/v1/messages')
      .query({ 'metadata.batch': batch })
      .set('x-api-key', s.key)
      .expect(200);
    expect(list.body.data).toHaveLength(1);
    const conflict = await sendSms(s, { body: 'different', metadata: { batch } }, headers).expect(
      409,
    );
    expect(conflict.body.code).toBe('CONFLICT');
  });
});
