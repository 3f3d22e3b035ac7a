/** What the comms dialect suites share: seed 000's examples and answers, and an API key. */
import { appWithKey, type TestApp } from '../harness/test-app';
import {
  curlExamples,
  jsonAfter,
  pythonExamples,
  type SeedExample,
  seedText,
} from './seed-examples';

/** Seed 000, the Communications Service: `/api/v1/comms/...` with an API key. */
export const SEED = seedText('000');

/** Every documented example request: the request bodies of the reference, curl and Python. */
export const EXAMPLES: SeedExample[] = [
  {
    name: 'Send Email request body',
    method: 'POST',
    path: '/api/v1/comms/email/send',
    body: jsonAfter(SEED, 'Request Body', 'Send Email'),
  },
  {
    name: 'Make Call request body',
    method: 'POST',
    path: '/api/v1/comms/call/make',
    body: jsonAfter(SEED, 'Request Body', 'Make Call'),
  },
  ...curlExamples(SEED),
  ...pythonExamples(SEED),
];

const SENT_EMAIL = {
  id: expect.any(String),
  to: expect.arrayContaining([expect.any(String)]),
  status: 'sent',
  message: expect.any(String),
};
const SENT_SMS = {
  sid: expect.any(String),
  to: expect.any(String),
  status: 'sent',
  segments: expect.any(Number),
  message: expect.any(String),
};
const MADE_CALL = {
  sid: expect.any(String),
  to: expect.any(String),
  status: 'queued',
  message: expect.any(String),
};

/** The documented answer of each send route. */
export const ANSWERS: Record<string, Record<string, unknown>> = {
  '/api/v1/comms/email/send': SENT_EMAIL,
  '/api/v1/comms/sms/send': SENT_SMS,
  '/api/v1/comms/call/make': MADE_CALL,
};

export const DETAIL = { detail: expect.any(String) };

/** An error answer of the service: the status and `{detail}`. */
export const expectDetail = (res: { status: number; body: unknown }, status: number): void => {
  expect(res.status).toBe(status);
  expect(res.body).toStrictEqual(DETAIL);
};

export const newKey = async (t: TestApp): Promise<string> =>
  (await appWithKey(t, { name: 'comms', rateLimitPerMinute: 100000 })).key;
