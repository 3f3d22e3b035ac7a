import { a, asKey, create, TEMPLATE_STORES, useTemplatesApi } from './templates-api';
import { problem, welcome } from './templates-fixtures';

describe.each(TEMPLATE_STORES)('templates API: %s', (_label, options) => {
  useTemplatesApi(options);

  describe('versions', () => {
    it('saves an update as the next version and keeps the earlier ones addressable', async () => {
      const created = await create(a.writer);
      const key = asKey(a.writer);
      const updated = await key
        .put(`/${created.id}`, {
          subject: 'Hi again {{name}}',
          text: 'v2 {{name}}',
          description: 'second',
        })
        .expect(200);
      expect(updated.body).toMatchObject({
        id: created.id,
        name: created.name,
        description: 'second',
        version: 2,
        latestVersion: 2,
        subject: 'Hi again {{name}}',
        html: null,
        text: 'v2 {{name}}',
      });

      const latest = await key.get(`/${created.id}`).expect(200);
      expect(latest.body).toEqual(updated.body);
      const first = await key.get(`/${created.id}/versions/1`).expect(200);
      expect(first.body).toMatchObject({
        version: 1,
        latestVersion: 2,
        subject: welcome.subject,
        html: welcome.html,
        text: welcome.text,
      });
      const list = await key.get(`/${created.id}/versions`).expect(200);
      expect(list.body.data.map((entry: { version: number }) => entry.version)).toEqual([1, 2]);

      await key.get(`/${created.id}/versions/3`).expect(404);
      const bad = await key.get(`/${created.id}/versions/first`).expect(400);
      expect(bad.body.details[0].field).toBe('version');
    });

    it('refuses an update that does not compile, keeping the latest version', async () => {
      const created = await create(a.writer);
      const res = await asKey(a.writer)
        .put(`/${created.id}`, { subject: 'ok', text: 'Hi {{/if}}' })
        .expect(400);
      expect(res.body).toEqual(problem('text', 'template_error'));
      expect((await asKey(a.writer).get(`/${created.id}`).expect(200)).body.latestVersion).toBe(1);
    });

    it('renames with an update, and answers 409 for a name in use', async () => {
      const first = await create(a.writer);
      const second = await create(a.writer);
      const renamed = await asKey(a.writer)
        .put(`/${first.id}`, { ...welcome, name: `${first.name}-renamed` })
        .expect(200);
      expect(renamed.body.name).toBe(`${first.name}-renamed`);
      await asKey(a.writer)
        .put(`/${second.id}`, { ...welcome, name: `${first.name}-renamed` })
        .expect(409);
    });
  });

  describe('delete', () => {
    it('answers 204, then the template and its versions are gone and the name is free', async () => {
      const created = await create(a.writer);
      await asKey(a.writer).put(`/${created.id}`, { subject: 'v2', text: 'v2' }).expect(200);
      await asKey(a.writer).delete(`/${created.id}`).expect(204);
      await asKey(a.writer).get(`/${created.id}`).expect(404);
      await asKey(a.writer).get(`/${created.id}/versions/1`).expect(404);
      await asKey(a.writer).delete(`/${created.id}`).expect(404);
      await asKey(a.writer)
        .post('', { ...welcome, name: created.name })
        .expect(201);
    });
  });
});
