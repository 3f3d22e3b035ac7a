import { viewerToken, bearer } from '../harness/test-app';
import { a, asKey, b, create, t, TEMPLATE_STORES, useTemplatesApi } from './templates-api';
import { admin, welcome } from './templates-fixtures';

/** One request, one after the other, to every route of the template `id`. */
async function onEveryTemplateRoute(key: ReturnType<typeof asKey>, id: string) {
  return [
    await key.get(`/${id}`),
    await key.get(`/${id}/versions`),
    await key.get(`/${id}/versions/1`),
    await key.put(`/${id}`, welcome),
    await key.delete(`/${id}`),
    await key.post(`/${id}/preview`, { data: { name: 'x' } }),
  ];
}

describe.each(TEMPLATE_STORES)('templates API: %s', (_label, options) => {
  useTemplatesApi(options);

  describe('who may use the routes', () => {
    let id: string;
    beforeAll(async () => {
      id = (await create(a.writer)).id;
    });

    it('answers 401 without credentials', async () => {
      await t.http.get('/api/v1/templates').expect(401);
      await t.http.post('/api/v1/templates').send(welcome).expect(401);
    });

    it('answers 403 to a key without templates:write, on every route', async () => {
      const key = asKey(a.sender);
      for (const res of [
        await key.post('', { ...welcome, name: 'nope' }),
        await key.get(''),
        ...(await onEveryTemplateRoute(key, id)),
      ]) {
        expect(res.status).toBe(403);
        expect(res.body).toEqual({
          code: 'FORBIDDEN',
          message: expect.stringContaining('templates:write'),
        });
      }
    });

    it("answers 404 to another app's key, exactly as for a missing template", async () => {
      const key = asKey(b.writer);
      const missing = await key.get('/tpl_000000000000000000000000').expect(404);
      for (const res of await onEveryTemplateRoute(key, id)) {
        expect(res.status).toBe(404);
        expect(Object.keys(res.body)).toEqual(Object.keys(missing.body));
      }
      await asKey(a.writer).get(`/${id}`).expect(200);
    });

    it('lets viewer tokens read and preview but not change', async () => {
      const viewer = bearer(viewerToken());
      await t.http.get(`/api/v1/templates/${id}`).set(viewer).expect(200);
      await t.http.get('/api/v1/templates').set(viewer).expect(200);
      await t.http
        .post(`/api/v1/templates/${id}/preview`)
        .set(viewer)
        .send({ data: { name: 'v' } })
        .expect(200);
      await t.http.put(`/api/v1/templates/${id}`).set(viewer).send(welcome).expect(403);
      await t.http.delete(`/api/v1/templates/${id}`).set(viewer).expect(403);
      await t.http
        .post('/api/v1/templates')
        .set(viewer)
        .send({ ...welcome, appId: a.appId })
        .expect(403);
    });

    it("lets admins read and change any app's templates", async () => {
      const res = await t.http.get(`/api/v1/templates/${id}`).set(admin).expect(200);
      expect(res.body.appId).toBe(a.appId);
      await t.http
        .put(`/api/v1/templates/${id}`)
        .set(admin)
        .send({ subject: 'by admin', text: 'x' })
        .expect(200);
    });
  });
});
