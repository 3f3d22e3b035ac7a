import { startApp, type TestApp } from '../harness/test-app';
import { eventually } from '../support/polling';
import { problem, tenant, type Tenant } from './templates-fixtures';

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
