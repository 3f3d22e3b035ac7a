import { a, asKey, b, t, TEMPLATE_STORES, useTemplatesApi } from './templates-api';
import { admin, problem, tenant, type Tenant, welcome } from './templates-fixtures';

describe.each(TEMPLATE_STORES)('templates API: %s', (_label, options) => {
  useTemplatesApi(options);

  describe('create', () => {
    it('answers 201 with version 1 for a key with templates:write, in its own app', async () => {
      const res = await asKey(a.writer).post('', welcome).expect(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^tpl_[0-9a-f]{24}$/),
        appId: a.appId,
        name: 'welcome',
        kind: 'template',
        description: 'first mail',
        latestVersion: 1,
        version: 1,
        subject: welcome.subject,
        html: welcome.html,
        text: welcome.text,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        versionCreatedAt: expect.any(String),
      });
    });

    it('refuses a name the app already uses with 409, and allows it in another app', async () => {
      const name = 'greeting';
      await asKey(a.writer)
        .post('', { ...welcome, name })
        .expect(201);
      const clash = await asKey(a.writer)
        .post('', { ...welcome, name })
        .expect(409);
      expect(clash.body).toEqual({ code: 'CONFLICT', message: expect.stringContaining(name) });
      await asKey(b.writer)
        .post('', { ...welcome, name })
        .expect(201);
    });

    it('lets a key name its own app, and refuses another app with 403', async () => {
      const own = await asKey(a.writer)
        .post('', { ...welcome, name: 'own-app', appId: a.appId })
        .expect(201);
      expect(own.body.appId).toBe(a.appId);
      const other = await asKey(a.writer)
        .post('', { ...welcome, name: 'x2', appId: b.appId })
        .expect(403);
      expect(other.body.code).toBe('FORBIDDEN');
    });

    it('lets an admin create in the app it names', async () => {
      const res = await t.http
        .post('/api/v1/templates')
        .set(admin)
        .send({ ...welcome, name: 'by-admin', appId: b.appId })
        .expect(201);
      expect(res.body.appId).toBe(b.appId);
    });

    it.each([
      [
        'an admin without appId',
        () =>
          t.http
            .post('/api/v1/templates')
            .set(admin)
            .send({ ...welcome, name: 'x1' }),
        problem('appId', 'required'),
      ],
      [
        'a syntax error',
        () => asKey(a.writer).post('', { ...welcome, name: 'x3', html: '<p>\n{{#if vip}}VIP</p>' }),
        problem('html', 'template_error'),
      ],
      [
        'an unknown helper',
        () => asKey(a.writer).post('', { ...welcome, name: 'x4', text: '{{shout name}}' }),
        problem('text', 'template_error'),
      ],
      [
        'no subject',
        () => asKey(a.writer).post('', { name: 'x5', text: 'hi' }),
        problem('subject', 'missing_subject'),
      ],
      [
        'no body',
        () => asKey(a.writer).post('', { name: 'x6', subject: 's' }),
        problem('text', 'message_empty'),
      ],
      [
        'a name with spaces',
        () => asKey(a.writer).post('', { ...welcome, name: 'my template' }),
        problem('name', 'invalid_name'),
      ],
      [
        'a name that looks like an id',
        () => asKey(a.writer).post('', { ...welcome, name: `tpl_${'0'.repeat(24)}` }),
        problem('name', 'invalid_name'),
      ],
      [
        'an unknown kind',
        () => asKey(a.writer).post('', { ...welcome, name: 'x7', kind: 'layout' }),
        problem('kind', 'invalid_value'),
      ],
      [
        'an unknown field',
        () => asKey(a.writer).post('', { ...welcome, name: 'x8', body: 'x' }),
        problem('body', 'unknown_field'),
      ],
    ])('answers 400 for %s', async (_case, call, expected) => {
      const res = await call().expect(400);
      expect(res.body).toEqual(expected);
    });

    it('names the line of a syntax error', async () => {
      const res = await asKey(a.writer)
        .post('', { ...welcome, name: 'broken', html: '<p>\n{{#if vip}}VIP</p>' })
        .expect(400);
      expect(res.body.details[0].message).toMatch(/^html, line 2: /);
    });

    it('answers 404 when an admin names an app that does not exist', async () => {
      await t.http
        .post('/api/v1/templates')
        .set(admin)
        .send({ ...welcome, name: 'orphan', appId: 'app_000000000000000000000000' })
        .expect(404);
    });
  });

  describe('list', () => {
    let listed: Tenant;
    /** Names in list order: creation time, then id (two creations may share a millisecond). */
    let order: string[];

    beforeAll(async () => {
      listed = await tenant(t, 'lister');
      const created: { name: string; id: string; createdAt: string }[] = [];
      for (const [i, name] of ['l1', 'l2', 'l3', 'l4', 'l5'].entries()) {
        const res = await asKey(listed.writer)
          .post('', i === 4 ? { name, kind: 'partial', html: '<footer/>' } : { ...welcome, name })
          .expect(201);
        created.push(res.body);
      }
      order = created
        .sort((x, y) => x.createdAt.localeCompare(y.createdAt) || x.id.localeCompare(y.id))
        .map((template) => template.name);
    });

    it("pages a key's own templates, oldest first, without content", async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const res = await asKey(listed.writer)
          .get(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
          .expect(200);
        expect(res.body.data.length).toBeLessThanOrEqual(2);
        for (const item of res.body.data) {
          expect(item).not.toHaveProperty('html');
          expect(item.appId).toBe(listed.appId);
        }
        seen.push(...res.body.data.map((item: { name: string }) => item.name));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(order);
    });

    it('pages by offset with a total, and filters by kind and name', async () => {
      const offset = await asKey(listed.writer).get('?limit=2&offset=2&count=true').expect(200);
      expect(offset.body.total).toBe(5);
      expect(offset.body.data.map((item: { name: string }) => item.name)).toEqual(
        order.slice(2, 4),
      );
      const partials = await asKey(listed.writer).get('?kind=partial').expect(200);
      expect(partials.body.data.map((item: { name: string }) => item.name)).toEqual(['l5']);
      const named = await asKey(listed.writer).get('?name=l2').expect(200);
      expect(named.body.data).toHaveLength(1);
    });

    it('lets admins list one app or every app, and refuses another app from a key', async () => {
      const one = await t.http
        .get(`/api/v1/templates?appId=${listed.appId}`)
        .set(admin)
        .expect(200);
      expect(one.body.data).toHaveLength(5);
      const all = await t.http.get('/api/v1/templates?limit=100').set(admin).expect(200);
      const apps = new Set(all.body.data.map((item: { appId: string }) => item.appId));
      expect(apps).toEqual(new Set([a.appId, b.appId, listed.appId]));
      await asKey(listed.writer).get(`?appId=${listed.appId}`).expect(200);
      const refused = await asKey(listed.writer).get(`?appId=${a.appId}`).expect(403);
      expect(refused.body.code).toBe('FORBIDDEN');
    });

    it('answers 400 for a cursor it did not issue', async () => {
      const res = await asKey(listed.writer).get('?cursor=!!').expect(400);
      expect(res.body).toEqual(problem('cursor', 'invalid_cursor'));
    });
  });
});
