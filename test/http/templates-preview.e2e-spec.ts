import { a, asKey, create, t, TEMPLATE_STORES, useTemplatesApi } from './templates-api';
import { problem, tenant, type Tenant } from './templates-fixtures';

describe.each(TEMPLATE_STORES)('templates API: %s', (_label, options) => {
  useTemplatesApi(options);

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
