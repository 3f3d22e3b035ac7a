/**
 * What the templates API suites share: the stores they run against, an app with two tenants, and
 * request functions. `useTemplatesApi` starts the app for the suite running now; `t`, `a` and `b`
 * are live bindings, so a spec reads the current app and tenants wherever it names them.
 */
import { startApp, type TestApp, type TestAppOptions } from '../harness/test-app';
import { type Tenant, tenant, welcome } from './templates-fixtures';

export const TEMPLATE_STORES: [string, TestAppOptions][] = [
  ['embedded default (memory store)', {}],
  ['MongoDB (FerretDB)', { mongo: true }],
];

export let t: TestApp;
export let a: Tenant;
export let b: Tenant;

export function useTemplatesApi(options: TestAppOptions): void {
  beforeAll(async () => {
    t = await startApp(options);
    a = await tenant(t, 'shop-a');
    b = await tenant(t, 'shop-b');
  });
  afterAll(async () => {
    await t.close();
  });
}

export const asKey = (key: string) => ({
  post: (path: string, body: object) =>
    t.http.post(`/api/v1/templates${path}`).set('x-api-key', key).send(body),
  put: (path: string, body: object) =>
    t.http.put(`/api/v1/templates${path}`).set('x-api-key', key).send(body),
  get: (path: string) => t.http.get(`/api/v1/templates${path}`).set('x-api-key', key),
  delete: (path: string) => t.http.delete(`/api/v1/templates${path}`).set('x-api-key', key),
});

export const create = async (key: string, body: object = {}) =>
  (
    await asKey(key)
      .post('', {
        ...welcome,
        name: `t-${Date.now()}-${Math.random()}`.replace(/\./g, ''),
        ...body,
      })
      .expect(201)
  ).body;
