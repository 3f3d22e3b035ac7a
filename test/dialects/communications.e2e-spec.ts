import { DevelopmentAccess } from '../../src/development-access';
import { adminToken, appWithKey, bearer, startApp, type TestApp, token } from '../harness/test-app';
import { curlExamples, jsonAfter, seedText } from './seed-examples';

/** Seed 003, the multi-channel send: `POST /api/v1/communications/send` with admin tokens. */
const SEED = seedText('003');
const PATH = '/api/v1/communications/send';
/** The request of "Example", and the one of its curl command. */
const EXAMPLES = [
  { name: 'Example request body', body: jsonAfter(SEED, '\nExample\n') },
  ...curlExamples(SEED).map(({ name, body }) => ({ name, body })),
];
const EXAMPLE_RESPONSE = jsonAfter(SEED, 'Example response');

const admin = bearer(adminToken());

/** An error answer: RFC 9457 problem details, as application/problem+json. */
const expectProblem = (
  res: { status: number; body: unknown; headers: Record<string, string> },
  status: number,
) => {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status,
    detail: expect.any(String),
  });
};

describe('the communications dialect (seed 003) on the embedded default', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp();
    await t.app.get(DevelopmentAccess).announce('http://localhost:3000');
  });
  afterAll(async () => {
    await t.close();
  });

  it('has the example the seed documents, as its body and its curl command', () => {
    expect(EXAMPLES).toHaveLength(2);
    expect(EXAMPLES[1]?.name).toBe(`curl POST ${PATH}`);
    expect(EXAMPLES[1]?.body).toEqual(EXAMPLES[0]?.body);
  });

  it.each(EXAMPLES.map((example) => [example.name, example.body] as const))(
    'answers the %s with 200 and one result per channel, in the documented shape',
    async (_name, body) => {
      const res = await t.http.post(PATH).set(admin).send(body).expect(200);
      const documented = EXAMPLE_RESPONSE.results as { channel: string }[];
      expect(res.body).toStrictEqual({
        results: documented.map(({ channel }) => ({
          channel,
          success: true,
          error: null,
          messageId: expect.stringMatching(/^msg_/),
        })),
      });
    },
  );

  it('sends ordinary messages, each readable through /api/v1/messages with its status', async () => {
    const res = await t.http.post(PATH).set(admin).send(EXAMPLES[0]?.body).expect(200);
    const [email, sms, inapp] = res.body.results as { messageId: string }[];
    const read = async (id: string | undefined) =>
      (
        await t.http
          .get(`/api/v1/messages/${id ?? ''}`)
          .set(admin)
          .expect(200)
      ).body;
    expect(await read(email.messageId)).toMatchObject({
      channel: 'email',
      to: ['user@example.com'],
      status: 'DELIVERED',
      content: { subject: 'System maintenance' },
      requestedBy: { type: 'jwt', subject: 'tester' },
    });
    expect(await read(sms.messageId)).toMatchObject({ channel: 'sms', to: ['+97455555555'] });
    expect(await read(inapp.messageId)).toMatchObject({ channel: 'inapp' });
  });

  it('reports a channel that fails in its result, the answer staying 200', async () => {
    const body = { ...EXAMPLES[0]?.body, phoneNumber: '12' };
    const res = await t.http.post(PATH).set(admin).send(body).expect(200);
    expect(res.body.results[1]).toStrictEqual({
      channel: 'Sms',
      success: false,
      error: expect.stringContaining('phoneNumber'),
      messageId: null,
    });
  });

  it('answers 400 problem details when every channel failed', async () => {
    const body = { ...EXAMPLES[0]?.body, channels: ['Sms'], phoneNumber: '12' };
    const res = await t.http.post(PATH).set(admin).send(body);
    expectProblem(res, 400);
    expect(res.body.detail).toContain('Sms');
  });

  it('answers 400 validation problem details when the body is invalid', async () => {
    const unknown = await t.http
      .post(PATH)
      .set(admin)
      .send({ ...EXAMPLES[0]?.body, channels: ['Fax'] });
    expectProblem(unknown, 400);
    expect(unknown.body).toMatchObject({
      title: 'One or more validation errors occurred.',
      errors: { channels: [expect.any(String)] },
    });
    const missing = await t.http
      .post(PATH)
      .set(admin)
      .send({ ...EXAMPLES[0]?.body, emailAddress: null });
    expectProblem(missing, 400);
    expect(missing.body.errors).toEqual({ emailAddress: [expect.stringContaining('required')] });
  });

  it('is for admins only: 401 without a token, 403 for a sender token or an API key', async () => {
    const body = EXAMPLES[0]?.body;
    expectProblem(await t.http.post(PATH).send(body), 401);
    const sender = bearer(token({ roles: ['sender'] }));
    expectProblem(await t.http.post(PATH).set(sender).send(body), 403);
    const { key } = await appWithKey(t, { name: 'keyed' });
    expectProblem(await t.http.post(PATH).set('x-api-key', key).send(body), 401);
  });

  it('sends for the app an admin names with appId', async () => {
    const { appId } = await appWithKey(t, { name: 'named' });
    const res = await t.http
      .post(PATH)
      .set(admin)
      .send({ ...EXAMPLES[0]?.body, appId, channels: ['Email'] })
      .expect(200);
    const id = res.body.results[0].messageId as string;
    const record = await t.http.get(`/api/v1/messages/${id}`).set(admin).expect(200);
    expect(record.body.appId).toBe(appId);
  });
});
