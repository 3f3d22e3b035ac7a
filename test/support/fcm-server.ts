import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verify } from 'jsonwebtoken';

/** A service-account key file as Google issues it, for a key made in the test. */
export interface TestServiceAccount {
  readonly json: string;
  readonly publicKeyPem: string;
  readonly clientEmail: string;
}

const CLIENT_EMAIL = 'sender@switchboard-test.iam.gserviceaccount.com';

export function testServiceAccount(tokenUri: string): TestServiceAccount {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const clientEmail = CLIENT_EMAIL;
  return {
    clientEmail,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    json: JSON.stringify({
      type: 'service_account',
      project_id: 'switchboard-test',
      private_key_id: 'test-key-1',
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      client_email: clientEmail,
      token_uri: tokenUri,
    }),
  };
}

/** An FCM v1 send as the stand-in received it, after its checks passed. */
export interface FcmSend {
  readonly project: string;
  readonly message: {
    readonly token: string;
    readonly notification: { readonly title?: string; readonly body: string };
    readonly data: Record<string, string>;
  };
}

/** A scripted FCM answer: an HTTP status and FCM error code, or no answer at all. */
export type FcmAnswer =
  | { readonly status: number; readonly errorCode?: string; readonly googleStatus?: string }
  | { readonly hang: true };

export interface TestFcmServer {
  readonly baseUrl: string;
  readonly tokenUri: string;
  readonly account: TestServiceAccount;
  /** Token requests whose assertion verified, and sends whose bearer token was one issued. */
  readonly tokensIssued: string[];
  readonly sends: FcmSend[];
  /** Why a request was refused (a failed check), for the test to show. */
  readonly refusals: string[];
  /** Answers to the next sends, in order; success once they run out. */
  readonly answers: FcmAnswer[];
  stop(): Promise<void>;
}

const SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Why a send's message is not shaped as FCM v1 takes it, or undefined. */
function shapeProblem(body: unknown): string | undefined {
  if (!isRecord(body) || !isRecord(body.message)) return 'no message object';
  const { token, notification, data } = body.message;
  if (typeof token !== 'string' || token === '') return 'no message.token';
  if (!isRecord(notification) || typeof notification.body !== 'string')
    return 'no message.notification.body';
  if (
    data !== undefined &&
    (!isRecord(data) || !Object.values(data).every((v) => typeof v === 'string'))
  )
    return 'message.data values must be strings';
  return undefined;
}

/**
 * Plays Google's OAuth token endpoint (RFC 7523 JWT-bearer grant, the assertion verified with
 * the test account's public key) and the FCM HTTP v1 send endpoint (bearer token and message
 * shape checked), on 127.0.0.1.
 */
export async function startFcmServer(): Promise<TestFcmServer> {
  const tokensIssued: string[] = [];
  const sends: FcmSend[] = [];
  const refusals: string[] = [];
  const answers: FcmAnswer[] = [];
  // The key file names the token endpoint, whose port is known once the server listens.
  const endpoint = { tokenUri: '', publicKeyPem: '' };

  const token = (body: string, response: ServerResponse): void => {
    const form = new URLSearchParams(body);
    if (form.get('grant_type') !== JWT_BEARER) {
      refusals.push(`grant_type ${form.get('grant_type') ?? '(none)'}`);
      json(response, 400, { error: 'unsupported_grant_type' });
      return;
    }
    try {
      const claims = verify(form.get('assertion') ?? '', endpoint.publicKeyPem, {
        algorithms: ['RS256'],
        audience: endpoint.tokenUri,
        issuer: CLIENT_EMAIL,
      });
      if (typeof claims === 'string' || claims.scope !== SCOPE) throw new Error('wrong scope');
    } catch (error) {
      refusals.push(`assertion: ${String(error)}`);
      json(response, 400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
      return;
    }
    const accessToken = `ya29.${randomBytes(16).toString('hex')}`;
    tokensIssued.push(accessToken);
    json(response, 200, { access_token: accessToken, expires_in: 3599, token_type: 'Bearer' });
  };

  const send = (
    project: string,
    request: IncomingMessage,
    body: string,
    response: ServerResponse,
  ): void => {
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (bearer === undefined || !tokensIssued.includes(bearer)) {
      refusals.push('send without an issued bearer token');
      json(response, 401, {
        error: { code: 401, status: 'UNAUTHENTICATED', message: 'bad token' },
      });
      return;
    }
    const parsed: unknown = JSON.parse(body);
    const problem = shapeProblem(parsed);
    if (problem !== undefined) {
      refusals.push(problem);
      json(response, 400, { error: { code: 400, status: 'INVALID_ARGUMENT', message: problem } });
      return;
    }
    sends.push({ project, message: (parsed as { message: FcmSend['message'] }).message });
    const answer = answers.shift();
    if (!answer) {
      json(response, 200, { name: `projects/${project}/messages/0:${sends.length}` });
      return;
    }
    // Left open until the client gives up or the server stops.
    if ('hang' in answer) return;
    json(response, answer.status, {
      error: {
        code: answer.status,
        status: answer.googleStatus ?? 'NOT_FOUND',
        message: 'Requested entity was not found.',
        details: answer.errorCode
          ? [
              {
                '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError',
                errorCode: answer.errorCode,
              },
            ]
          : [],
      },
    });
  };

  const server: Server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const path = request.url ?? '/';
      const project = /^\/v1\/projects\/([^/]+)\/messages:send$/.exec(path)?.[1];
      if (request.method === 'POST' && path === '/token') token(body, response);
      else if (request.method === 'POST' && project) send(project, request, body, response);
      else json(response, 404, { error: { code: 404, status: 'NOT_FOUND', message: path } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tokenUri = `${baseUrl}/token`;
  const account = testServiceAccount(tokenUri);
  endpoint.tokenUri = tokenUri;
  endpoint.publicKeyPem = account.publicKeyPem;
  return {
    baseUrl,
    tokenUri,
    account,
    tokensIssued,
    sends,
    refusals,
    answers,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    },
  };
}
