import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { adminToken, appWithKey, bearer, startApp, type TestApp } from '../harness/test-app';

/** The document Swagger UI serves (openapi:check keeps it equal to the code's). */
const DOCUMENT = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  tags: { name: string; description?: string }[];
};

interface Operation {
  readonly parameters?: readonly {
    name: string;
    in: string;
    style?: string;
    schema?: { type?: string };
  }[];
  readonly security?: readonly Record<string, unknown>[];
  readonly tags?: readonly string[];
  readonly responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  readonly requestBody?: {
    readonly content: Record<string, { readonly examples?: Record<string, { value: unknown }> }>;
  };
}

interface ExampleCase {
  readonly method: string;
  readonly path: string;
  readonly name: string;
  readonly body: Record<string, unknown>;
  /** Only admin tokens may call the route, or the example names an app (as admins do). */
  readonly asAdmin: boolean;
}

const OPERATIONS = Object.entries(DOCUMENT.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
);

const WITH_BODY = OPERATIONS.filter(({ operation }) => operation.requestBody !== undefined);

/** Templates are created first: the email examples send the one the template example makes. */
const CASES: ExampleCase[] = WITH_BODY.flatMap(({ path, method, operation }) => {
  const examples = operation.requestBody?.content['application/json']?.examples ?? {};
  const keyRoute = (operation.security ?? []).some((scheme) => 'api-key' in scheme);
  return Object.entries(examples).map(([name, example]) => {
    const body = example.value as Record<string, unknown>;
    return { method, path, name, body, asAdmin: !keyRoute || 'appId' in body };
  });
}).sort((a, b) => Number(b.path === '/api/v1/templates') - Number(a.path === '/api/v1/templates'));

describe("openapi.json's examples on the embedded default", () => {
  let t: TestApp;
  let appId: string;
  let key: string;
  const admin = bearer(adminToken());
  /** The records the examples' path parameters name: the app, the template made first. */
  const pathValues: Partial<Record<string, string>> = {};

  beforeAll(async () => {
    t = await startApp();
    ({ appId, key } = await appWithKey(t, { name: 'examples' }));
    pathValues.appId = appId;
    // The dialect routes that key a task by the caller's entity.
    pathValues.entity = 'example-entity';
  });

  afterAll(async () => {
    await t.close();
  });

  it('gives every operation that takes a body at least one whole-body example', () => {
    const without = WITH_BODY.filter(
      ({ operation }) =>
        Object.keys(operation.requestBody?.content['application/json']?.examples ?? {}).length ===
        0,
    ).map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    expect(without).toEqual([]);
    expect(CASES.length).toBeGreaterThanOrEqual(20);
  });

  it('has object query parameters sent as deepObject (metadata[key]=value), as the server reads them', () => {
    const objects = OPERATIONS.flatMap(({ path, operation }) =>
      (operation.parameters ?? [])
        .filter((parameter) => parameter.in === 'query' && parameter.schema?.type === 'object')
        .map((parameter) => `${path} ${parameter.name} ${parameter.style ?? 'form'}`),
    );
    expect(objects).toContain('/api/v1/messages metadata deepObject');
    expect(objects.filter((entry) => !entry.endsWith('deepObject'))).toEqual([]);
  });

  it('describes the body of every 2xx answer (204 has none), and error answers as JSON', () => {
    const answers = OPERATIONS.flatMap(({ path, method, operation }) =>
      Object.entries(operation.responses).map(([status, response]) => ({
        at: `${method.toUpperCase()} ${path} ${status}`,
        status,
        types: Object.entries(response.content ?? {})
          .filter(([, media]) => media.schema !== undefined)
          .map(([type]) => type),
      })),
    );
    const successes = answers.filter(({ status }) => status.startsWith('2') && status !== '204');
    expect(successes.filter(({ types }) => types.length === 0).map(({ at }) => at)).toEqual([]);
    const errors = answers.filter(({ status }) => /^[45]/.test(status));
    // A dialect whose system answered RFC 9457 problem details keeps their media type.
    const json = ['application/json', 'application/problem+json'];
    expect(errors.filter(({ types }) => !json.includes(types.join())).map(({ at }) => at)).toEqual(
      [],
    );
  });

  it('describes every tag the operations use at the top level', () => {
    const described = new Set(
      DOCUMENT.tags.filter((tag) => (tag.description ?? '') !== '').map((tag) => tag.name),
    );
    const used = new Set(OPERATIONS.flatMap(({ operation }) => operation.tags ?? []));
    expect([...used].filter((tag) => !described.has(tag))).toEqual([]);
  });

  it.each(
    CASES.map((example) => [example.method.toUpperCase(), example.path, example.name, example]),
  )('accepts %s %s example %s as it is (2xx)', async (_method, _path, _name, example) => {
    const path = example.path.replace(/\{(\w+)\}/g, (_all, name: string) => {
      const value = pathValues[name];
      if (value === undefined) throw new Error(`no record for {${name}} yet`);
      return value;
    });
    // An example that names an app names a placeholder: the caller names one of theirs.
    const body = 'appId' in example.body ? { ...example.body, appId } : example.body;
    const res = await t.http[example.method as 'post' | 'put'](path)
      .set(example.asAdmin ? admin : { 'x-api-key': key })
      .send(body);
    const outcome =
      res.status >= 200 && res.status < 300 ? '2xx' : `${res.status} ${JSON.stringify(res.body)}`;
    expect(outcome).toBe('2xx');
    if (example.path === '/api/v1/templates' && example.name === 'template') {
      pathValues.templateId = (res.body as { id: string }).id;
    }
  });
});
