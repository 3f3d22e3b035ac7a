import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type Application, type Request, type Response } from 'express';
import fc from 'fast-check';
import { indexRoutes } from './route-index';

/** What a route answers: which route, with which parameters, as Express saw them. */
function answer(label: string) {
  return (req: Request, res: Response): void => {
    res.json({ label, params: req.params, route: (req.route as { path: string }).path });
  };
}

/**
 * An app whose routes test the rules an index could break: the first match wins among routes
 * that share a prefix (a later one shadowed), parameters before literals, a parameter first,
 * `next()` and `next('route')` passing on, `all`, HEAD served by GET, a trailing slash, mixed
 * case, a middleware splitting the routes into two runs, and a catch-all after them (as Nest's
 * not-found handler is).
 */
function appWithRoutes(indexed: boolean): Application {
  const app = express();
  app.get('/api/v1/messages', answer('list'));
  app.get('/api/v1/messages/:id', (req, res, next) => {
    if (req.params.id.startsWith('n')) next();
    else if (req.params.id === 'skip') next('route');
    else answer('read')(req, res);
  });
  app.post('/api/v1/messages/sms', answer('sms'));
  app.get('/api/v1/messages/x', answer('shadowed by the route before'));
  app.get('/api/v1/messages/skip', answer('skipped to'));
  app.get('/api/v1/messages/n1', answer('passed to'));
  app.post('/api/v1/messages/:id/cancel', answer('cancel'));
  app.get('/:tenant/reports', answer('reports'));
  app.put('/sms/:entity', answer('sms entity'));
  app.all('/api/v1/things/:id', answer('things'));
  app.get('/docs/', answer('docs'));
  app.get('/Case/Mixed', answer('case'));
  app.use('/mid', (_req, res) => void res.json({ label: 'middleware' }));
  app.post('/mid/after', answer('after middleware'));
  app.delete('/mid/:id', answer('delete after middleware'));
  app.use((req, res) => void res.status(404).json({ label: 'not found', path: req.path }));
  if (indexed) indexRoutes(app);
  return app;
}

async function listen(app: Application): Promise<{ server: Server; url: string }> {
  const server = await new Promise<Server>((resolve) => {
    const started = app.listen(0, '127.0.0.1', () => {
      resolve(started);
    });
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** A path per route and per rule above; requests are made from these by changing them a little. */
const EXAMPLES = [
  '/api/v1/messages',
  '/api/v1/messages/x',
  '/api/v1/messages/skip',
  '/api/v1/messages/n1',
  '/api/v1/messages/n2',
  '/api/v1/messages/sms',
  '/api/v1/messages/m1/cancel',
  '/acme/reports',
  '/sms/e1',
  '/api/v1/things/7',
  '/docs/',
  '/Case/Mixed',
  '/mid',
  '/mid/after',
  '/mid/9',
];
const OTHER_SEGMENTS = ['api', 'v1', 'messages', 'sms', 'x', 'reports', '', '%61pi', 'mid'];

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;
type Ending = 'as is' | 'slash' | 'added' | 'dropped';
const ENDINGS: readonly Ending[] = ['as is', 'slash', 'added', 'dropped'];

function pathOf(segments: string[], end: Ending, query = ''): string {
  if (end === 'added') segments.push('x');
  if (end === 'dropped') segments.pop();
  return `/${segments.join('/')}${end === 'slash' ? '/' : ''}${query}`;
}

const segmentsOf = (example: string): string[] => example.slice(1).split('/');

/** A path from an example: segments upper-cased, one replaced, one added or the last dropped. */
const paths = fc
  .record({
    example: fc.constantFrom(...EXAMPLES),
    upper: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
    replace: fc.option(fc.tuple(fc.nat(5), fc.constantFrom(...OTHER_SEGMENTS))),
    end: fc.constantFrom(...ENDINGS),
    query: fc.constantFrom('', '?a=1', '?'),
  })
  .map(({ example, upper, replace, end, query }) => {
    const segments = segmentsOf(example).map((segment, at) =>
      upper[at] ? segment.toUpperCase() : segment,
    );
    if (replace && replace[0] < segments.length) segments[replace[0]] = replace[1];
    return pathOf(segments, end, query);
  });

const requests = fc.record({
  method: fc.constantFrom(...METHODS),
  path: paths,
});

describe('the route index', () => {
  const servers: Server[] = [];
  let plain: string;
  let indexed: string;

  beforeAll(async () => {
    const started = await Promise.all([listen(appWithRoutes(false)), listen(appWithRoutes(true))]);
    servers.push(...started.map(({ server }) => server));
    [plain, indexed] = started.map(({ url }) => url) as [string, string];
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it('leaves fewer layers to walk: each run of routes is one layer', () => {
    const before = appWithRoutes(false).router.stack.length;
    const after = appWithRoutes(true).router.stack.length;
    // 14 routes in two runs (12 and 2) between two middlewares.
    expect(before).toBe(16);
    expect(after).toBe(4);
  });

  /** Asks both apps; the indexed one must answer exactly as the walk over all routes does. */
  async function expectSameAnswer(method: string, path: string): Promise<void> {
    const [expected, actual] = await Promise.all(
      [plain, indexed].map(async (base) => {
        const response = await fetch(`${base}${path}`, { method });
        return { method, path, status: response.status, body: await response.text() };
      }),
    );
    expect(actual).toEqual(expected);
  }

  it('answers every example, with every method and ending, in both cases, as the walk does', async () => {
    for (const example of EXAMPLES) {
      for (const end of ENDINGS) {
        for (const upper of [false, true]) {
          const segments = segmentsOf(upper ? example.toUpperCase() : example);
          const path = pathOf(segments, end);
          await Promise.all(METHODS.map((method) => expectSameAnswer(method, path)));
        }
      }
    }
  });

  it('answers requests made from the examples exactly as the walk over all routes does', async () => {
    await fc.assert(
      fc.asyncProperty(requests, ({ method, path }) => expectSameAnswer(method, path)),
      { numRuns: 300 },
    );
  });

  it('finds routes case-insensitively and with a trailing slash, as Express does', async () => {
    const cases: Array<[string, string, string]> = [
      ['POST', '/API/V1/Messages/SMS', 'sms'],
      ['GET', '/api/v1/messages/', 'list'],
      ['GET', '/api/v1/messages/skip', 'skipped to'],
      ['GET', '/api/v1/messages/n1', 'passed to'],
      ['PATCH', '/api/v1/things/7', 'things'],
      ['GET', '/acme/reports', 'reports'],
    ];
    for (const [method, path, label] of cases) {
      const response = await fetch(`${indexed}${path}`, { method });
      expect({
        status: response.status,
        label: ((await response.json()) as { label: string }).label,
      }).toEqual({ status: 200, label });
    }
    const head = await fetch(`${indexed}/api/v1/messages/m1`, { method: 'HEAD' });
    expect(head.status).toBe(200);
  });
});
