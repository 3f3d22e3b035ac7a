import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * How the server answers one creation request:
 * - `error`: Twilio's error body `{code, message, more_info, status}` with the HTTP status
 *   Twilio uses for the code (or `status`);
 * - `status`: a bare HTTP status with a non-JSON body (a proxy's 502, a 503 page);
 * - `slow`: wait `delayMs`, then succeed (past a provider's timeout, the client gives up first);
 * - `drop`: close the connection without an answer;
 * - `success`: a new resource with a unique SID, in `state` (default `queued`).
 */
export type TwilioScenario =
  | {
      readonly kind: 'error';
      readonly code: number;
      readonly status?: number;
      readonly message?: string;
    }
  | { readonly kind: 'status'; readonly status: number }
  | { readonly kind: 'slow'; readonly delayMs: number }
  | { readonly kind: 'drop' }
  | { readonly kind: 'success'; readonly state?: string };

/** A scripted answer, optionally only for requests of one account or resource. */
export type ScriptedAnswer = TwilioScenario & {
  readonly accountSid?: string;
  readonly resource?: TwilioResource;
};

export type TwilioResource = 'Messages' | 'Calls';

/** A creation request as it arrived, and the SID it was given (when it succeeded). */
export interface ReceivedRequest {
  readonly accountSid: string;
  readonly resource: TwilioResource;
  /** The Basic credentials the client sent. */
  readonly username: string;
  readonly password: string;
  readonly form: URLSearchParams;
  readonly answer: TwilioScenario['kind'];
  readonly sid?: string;
}

export interface TwilioScenarioServer {
  /** The Twilio API base URL to configure (`apiBaseUrl`, TWILIO_API_BASE_URL). */
  readonly baseUrl: string;
  readonly requests: ReceivedRequest[];
  /** Queues answers, each for the next matching request; unmatched requests succeed. */
  script(...answers: ScriptedAnswer[]): void;
  /** Forgets scripted answers and received requests. */
  reset(): void;
  close(): Promise<void>;
}

/** The HTTP status Twilio answers an error code with. */
const TWILIO_HTTP_STATUS: Readonly<Partial<Record<number, number>>> = {
  20003: 401,
  20404: 404,
  20429: 429,
  20500: 500,
  20503: 503,
};

const PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/(Messages|Calls)\.json$/;

const sidFor = (resource: TwilioResource): string =>
  `${resource === 'Messages' ? 'SM' : 'CA'}${randomBytes(16).toString('hex')}`;

function credentials(req: IncomingMessage): { username: string; password: string } {
  const encoded = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
  const [username = '', ...rest] = Buffer.from(encoded, 'base64').toString('utf8').split(':');
  return { username, password: rest.join(':') };
}

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

function resourceBody(
  resource: TwilioResource,
  accountSid: string,
  form: URLSearchParams,
  sid: string,
  state: string,
): Record<string, unknown> {
  return {
    sid,
    account_sid: accountSid,
    status: state,
    to: form.get('To'),
    from: form.get('From'),
    api_version: '2010-04-01',
    date_created: new Date().toUTCString(),
    uri: `/2010-04-01/Accounts/${accountSid}/${resource}/${sid}.json`,
    ...(resource === 'Messages'
      ? { body: form.get('Body'), messaging_service_sid: form.get('MessagingServiceSid') }
      : {}),
  };
}

/**
 * A small server that plays Twilio's Messages and Calls creation where Prism cannot: chosen
 * error codes, server errors, slow answers and dropped connections, and unique SIDs for the
 * messages that status callbacks then report on.
 */
export function startTwilioScenarioServer(): Promise<TwilioScenarioServer> {
  let queue: ScriptedAnswer[] = [];
  const requests: ReceivedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const take = (accountSid: string, resource: TwilioResource): TwilioScenario => {
    const index = queue.findIndex(
      (answer) =>
        (answer.accountSid === undefined || answer.accountSid === accountSid) &&
        (answer.resource === undefined || answer.resource === resource),
    );
    if (index < 0) return { kind: 'success' };
    return queue.splice(index, 1)[0] ?? { kind: 'success' };
  };

  const answer = (
    res: ServerResponse,
    scenario: TwilioScenario,
    created: () => Record<string, unknown>,
  ): void => {
    switch (scenario.kind) {
      case 'error': {
        const status = scenario.status ?? TWILIO_HTTP_STATUS[scenario.code] ?? 400;
        json(res, status, {
          code: scenario.code,
          message: scenario.message ?? `scripted Twilio error ${scenario.code}`,
          more_info: `https://www.twilio.com/docs/errors/${scenario.code}`,
          status,
        });
        return;
      }
      case 'status':
        res.writeHead(scenario.status, { 'content-type': 'text/html' }).end('<h1>unavailable</h1>');
        return;
      case 'drop':
        res.socket?.destroy();
        return;
      case 'slow': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.destroyed) json(res, 201, created());
        }, scenario.delayMs);
        timers.add(timer);
        return;
      }
      case 'success':
        json(res, 201, created());
        return;
    }
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const match = req.method === 'POST' ? PATH.exec(req.url ?? '') : null;
      if (!match) {
        json(res, 404, {
          code: 20404,
          message: 'The requested resource was not found',
          status: 404,
        });
        return;
      }
      const [, accountSid = '', name = ''] = match;
      const resource = name as TwilioResource;
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const scenario = take(accountSid, resource);
      const succeeds = scenario.kind === 'success' || scenario.kind === 'slow';
      const sid = succeeds ? sidFor(resource) : undefined;
      requests.push({
        accountSid,
        resource,
        ...credentials(req),
        form,
        answer: scenario.kind,
        ...(sid ? { sid } : {}),
      });
      const state = scenario.kind === 'success' ? (scenario.state ?? 'queued') : 'queued';
      answer(res, scenario, () => resourceBody(resource, accountSid, form, sid ?? '', state));
    });
  });

  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        baseUrl: `http://127.0.0.1:${port}`,
        requests,
        script: (...answers) => {
          queue.push(...answers);
        },
        reset: () => {
          queue = [];
          requests.length = 0;
        },
        close: () =>
          new Promise((closed) => {
            for (const timer of timers) clearTimeout(timer);
            server.closeAllConnections();
            server.close(() => {
              closed();
            });
          }),
      });
    });
  });
}
