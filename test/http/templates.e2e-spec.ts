import {
  adminToken,
  appWithKey,
  bearer,
  newKey,
  startApp,
  type TestApp,
  type TestAppOptions,
  viewerToken,
} from '../harness/test-app';
import { eventually } from '../support/polling';

const admin = bearer(adminToken());

interface Tenant {
  readonly appId: string;
  /** A key with the templates:write scope. */
  readonly writer: string;
  /** A key with every scope but templates:write. */
  readonly sender: string;
}

async function tenant(t: TestApp, name: string): Promise<Tenant> {
  const { appId, key: writer } = await appWithKey(
    t,
    { name, rateLimitPerMinute: 100000 },
    { scopes: ['templates:write'] },
  );
  const sender = await newKey(t, appId, {
    scopes: ['messages:send', 'messages:read', 'broadcast'],
  });
  return { appId, writer, sender };
}

const welcome = {
  name: 'welcome',
  description: 'first mail',
  subject: 'Welcome, {{name}}',
  html: '<p>Hello {{name}}</p>',
  text: 'Hello {{name}}',
};

const problem = (field: string, code: string) => ({
  code: 'VALIDATION_ERROR',
  message: expect.any(String),
  details: [{ field, code, message: expect.any(String) }],
});

describe.each<[string, TestAppOptions]>([
  ['embedded default (memory store)', {}],
  ['MongoDB (FerretDB)', { mongo: true }],
])('templates API: %s', (_label, options) => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;

  beforeAll(async () => {
    t = await startApp(options);
    a = await tenant(t, 'shop-a');
    b = await tenant(t, 'shop-b');
  });
  afterAll(async () => {
    await t.close();
  });

  const asKey = (key: string) => ({
    post: (path: string, body: object) =>
      t.http.post(`/api/v1/templates${path}`).set('x-api-key', key).send(body),
    put: (path: string, body: object) =>
      t.http.put(`/api/v1/templates${path}`).set('x-api-key', key).send(body),
    get: (path: string) => t.http.get(`/api/v1/templates${path}`).set('x-api-key', key),
    delete: (path: string) => t.http.delete(`/api/v1/templates${path}`).set('x-api-key', key),
  });

  const create = async (key: string, body: object = {}) =>
    (
      await asKey(key)
        .post('', {
          ...welcome,
          name: `t-${Date.now()}-${Math.random()}`.replace(/\./g, ''),
          ...body,
        })
        .expect(201)
    ).body;

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
        await key.get(`/${id}`),
        await key.get(`/${id}/versions`),
        await key.get(`/${id}/versions/1`),
        await key.put(`/${id}`, welcome),
        await key.delete(`/${id}`),
        await key.post(`/${id}/preview`, { data: { name: 'x' } }),
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
      for (const res of [
        await key.get(`/${id}`),
        await key.get(`/${id}/versions`),
        await key.get(`/${id}/versions/1`),
        await key.put(`/${id}`, welcome),
        await key.delete(`/${id}`),
        await key.post(`/${id}/preview`, { data: { name: 'x' } }),
      ]) {
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

  describe('preview', () => {
    let shop: Tenant;
    beforeAll(async () => {
      shop = await tenant(t, 'previewer');
      await asKey(shop.writer)
        .post('', {
          name: 'layout',
          kind: 'partial',
          html: '<html><body>{{> @partial-block}}<footer>{{company}}</footer></body></html>',
          text: '{{> @partial-block}} -- {{company}}',
        })
        .expect(201);
    });

    it('renders subject, html and text with the data, escaping html only', async () => {
      const created = await create(shop.writer, {
        subject: 'Order {{order.id}} for {{name}}',
        html: '{{#> layout}}<p>Hi {{name}}</p><ul>{{#each order.items}}<li>{{this}}</li>{{/each}}</ul>{{/layout}}',
        text: '{{#> layout}}Hi {{name}}{{/layout}}',
      });
      const data = { name: 'Tom & <Jerry>', company: 'Acme', order: { id: 'A-1', items: ['x<y'] } };
      const res = await asKey(shop.writer).post(`/${created.id}/preview`, { data }).expect(200);
      expect(res.body).toEqual({
        subject: 'Order A-1 for Tom & <Jerry>',
        html: '<html><body><p>Hi Tom &amp; &lt;Jerry&gt;</p><ul><li>x&lt;y</li></ul><footer>Acme</footer></body></html>',
        text: 'Hi Tom & <Jerry> -- Acme',
        template: { id: created.id, version: 1 },
      });
    });

    it('renders an earlier version when asked for', async () => {
      const created = await create(shop.writer, { subject: 'one', html: undefined, text: 'one' });
      await asKey(shop.writer).put(`/${created.id}`, { subject: 'two', text: 'two' }).expect(200);
      const first = await asKey(shop.writer)
        .post(`/${created.id}/preview`, { version: 1 })
        .expect(200);
      expect(first.body).toMatchObject({ text: 'one', template: { version: 1 } });
      const latest = await asKey(shop.writer).post(`/${created.id}/preview`, {}).expect(200);
      expect(latest.body).toMatchObject({ text: 'two', template: { version: 2 } });
      await asKey(shop.writer).post(`/${created.id}/preview`, { version: 9 }).expect(404);
    });

    it('answers 400 template_error on data naming a missing variable', async () => {
      const created = await create(shop.writer, {
        subject: 'Hi',
        html: '<p>{{customer.firstName}}</p>',
        text: undefined,
      });
      const res = await asKey(shop.writer)
        .post(`/${created.id}/preview`, { data: { customer: {} } })
        .expect(400);
      expect(res.body).toEqual(problem('data', 'template_error'));
      expect(res.body.details[0].message).toContain('"customer.firstName"');
    });

    it("does not see another app's partials", async () => {
      const created = await create(a.writer, {
        subject: 's',
        html: '<p>{{> layout}}</p>',
        text: undefined,
      });
      const res = await asKey(a.writer)
        .post(`/${created.id}/preview`, { data: { company: 'c' } })
        .expect(400);
      expect(res.body.details[0]).toEqual({
        field: 'data',
        code: 'template_error',
        message: 'html: no partial named "layout" for html',
      });
    });

    it('refuses data that is not an object', async () => {
      const created = await create(shop.writer);
      const res = await asKey(shop.writer)
        .post(`/${created.id}/preview`, { data: ['x'] })
        .expect(400);
      expect(res.body).toEqual(problem('data', 'invalid_type'));
    });
  });
});

describe('POST /api/v1/messages/email with a template (embedded default)', () => {
  let t: TestApp;
  let shop: Tenant;
  let other: Tenant;
  let orderShipped: { id: string };

  beforeAll(async () => {
    t = await startApp();
    shop = await tenant(t, 'mailer');
    other = await tenant(t, 'other-mailer');
    const save = (key: string, body: object) =>
      t.http.post('/api/v1/templates').set('x-api-key', key).send(body).expect(201);
    await save(shop.writer, {
      name: 'layout',
      kind: 'partial',
      html: '<html><body>{{> @partial-block}}<p>Acme</p></body></html>',
    });
    orderShipped = (
      await save(shop.writer, {
        name: 'order_shipped',
        subject: 'Order #{{orderId}} for {{name}}',
        html: '{{#> layout}}<p>Hi {{name}}, {{carrier}} brings it.</p>{{/layout}}',
        text: 'Hi {{name}}, {{carrier}} brings it.',
      })
    ).body;
    await t.http
      .put(`/api/v1/templates/${orderShipped.id}`)
      .set('x-api-key', shop.writer)
      .send({
        subject: 'Shipped: #{{orderId}}',
        html: '{{#> layout}}<p>{{name}}: your parcel is on its way with {{carrier}}.</p>{{/layout}}',
      })
      .expect(200);
    await save(shop.writer, { name: 'footer', kind: 'partial', text: 'Acme' });
    await save(other.writer, { name: 'theirs', subject: 'x', text: 'x' });
  });
  afterAll(async () => {
    await t.close();
  });

  const send = (body: object, key = shop.sender) =>
    t.http
      .post('/api/v1/messages/email')
      .set('x-api-key', key)
      .send({ to: 'jo@example.com', ...body });
  const record = async (id: string) =>
    (await t.http.get(`/api/v1/messages/${id}`).set('x-api-key', shop.sender).expect(200)).body;

  const data = { orderId: 'A-1', name: 'Jo <3', carrier: 'UPS' };

  it('renders the latest version at accept time into the stored content', async () => {
    const res = await send({ template: 'order_shipped', templateData: data }).expect(202);
    const message = await record(res.body.messageId);
    expect(message.content).toEqual({
      subject: 'Shipped: #A-1',
      html: '<html><body><p>Jo &lt;3: your parcel is on its way with UPS.</p><p>Acme</p></body></html>',
      text: expect.stringContaining('Jo <3: your parcel is on its way with UPS.'),
      template: { id: orderShipped.id, version: 2 },
    });
  });

  it('renders the version asked for, by template id', async () => {
    const res = await send({
      template: orderShipped.id,
      templateVersion: 1,
      templateData: data,
    }).expect(202);
    const message = await record(res.body.messageId);
    expect(message.content).toMatchObject({
      subject: 'Order #A-1 for Jo <3',
      text: 'Hi Jo <3, UPS brings it.',
      template: { id: orderShipped.id, version: 1 },
    });
  });

  it('renders a subject given with the send with the template data', async () => {
    const res = await send({
      template: 'order_shipped',
      subject: 'Your order #{{orderId}} has shipped',
      templateData: data,
    }).expect(202);
    expect((await record(res.body.messageId)).content.subject).toBe('Your order #A-1 has shipped');
  });

  it('sends the rendered message through the provider', async () => {
    const res = await send({ template: 'order_shipped', templateData: data }).expect(202);
    const sent = await eventually(
      () => record(res.body.messageId),
      (message) => message.status === 'SENT' || message.status === 'DELIVERED',
      'the templated message to be sent',
    );
    expect(sent.attempts).toHaveLength(1);
  });

  it.each([
    ['an unknown template', { template: 'nope' }, 'template', 'template_not_found'],
    [
      "another app's template by name",
      { template: 'theirs', templateData: {} },
      'template',
      'template_not_found',
    ],
    [
      'a version that does not exist',
      { template: 'order_shipped', templateVersion: 7, templateData: data },
      'templateVersion',
      'template_not_found',
    ],
    ['a partial', { template: 'footer' }, 'template', 'template_not_found'],
    [
      'a template with text',
      { template: 'order_shipped', templateData: data, text: 'hi' },
      'text',
      'conflicting_content',
    ],
    [
      'templateData without a template',
      { subject: 's', text: 't', templateData: {} },
      'template',
      'missing_template',
    ],
    [
      'templateData that is a list',
      { template: 'order_shipped', templateData: ['x'] },
      'templateData',
      'invalid_type',
    ],
    [
      'data that breaks the subject line',
      { template: 'order_shipped', templateData: { ...data, orderId: '1\nBcc: x@example.com' } },
      'templateData',
      'invalid_header',
    ],
  ])('answers 400 for %s', async (_case, body, field, code) => {
    const res = await send(body).expect(400);
    expect(res.body).toEqual(problem(field, code));
  });

  it("answers template_not_found for another app's template by id", async () => {
    const theirs = await t.http
      .get('/api/v1/templates?name=theirs')
      .set('x-api-key', other.writer)
      .expect(200);
    const res = await send({ template: theirs.body.data[0].id, templateData: {} }).expect(400);
    expect(res.body).toEqual(problem('template', 'template_not_found'));
  });

  it('answers template_error naming a variable missing from templateData', async () => {
    const res = await send({
      template: 'order_shipped',
      templateData: { orderId: 'A-1', name: 'Jo' },
    }).expect(400);
    expect(res.body).toEqual(problem('templateData', 'template_error'));
    expect(res.body.details[0].message).toContain('"carrier"');
  });

  it('answers template_error naming a variable missing from a subject given with the send', async () => {
    const res = await send({
      template: 'order_shipped',
      subject: 'Order for {{customer.email}}',
      templateData: data,
    }).expect(400);
    expect(res.body).toEqual(problem('templateData', 'template_error'));
    expect(res.body.details[0].message).toContain('"customer.email"');
  });
});
