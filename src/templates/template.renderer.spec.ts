import { LIMIT_DEFAULTS } from '../common/config/limits';
import { ValidationFailed } from '../common/errors/api-error';
import { TemplateEngine } from './handlebars.engine';
import { MemoryTemplateStore } from './memory-template.store';
import type { TemplateContent, TemplateKind, TemplateRecord } from './template.model';
import { TemplateRenderer } from './template.renderer';

const at = new Date('2026-03-01T00:00:00Z');
let serial = 0;

function setup() {
  const store = new MemoryTemplateStore();
  const renderer = new TemplateRenderer(store, new TemplateEngine(LIMIT_DEFAULTS.templates));
  const save = async (
    appId: string,
    name: string,
    content: TemplateContent,
    kind: TemplateKind = 'template',
  ): Promise<TemplateRecord> => {
    serial += 1;
    const template: TemplateRecord = {
      id: `tpl_${serial.toString(16).padStart(24, '0')}`,
      appId,
      name,
      kind,
      latestVersion: 1,
      createdAt: at,
      updatedAt: at,
    };
    await store.create(template, { version: 1, content, createdAt: at });
    return template;
  };
  return { store, renderer, save };
}

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ValidationFailed) return error.toBody();
    throw error;
  }
  throw new Error('not refused');
}

describe('TemplateRenderer', () => {
  it('renders a template by name or id, with its id and version', async () => {
    const { renderer, save } = setup();
    const template = await save('app_a', 'welcome', {
      subject: 'Welcome, {{name}}',
      html: '<p>Hi {{name}}</p>',
    });
    const expected = {
      subject: 'Welcome, <Al>',
      html: '<p>Hi &lt;Al&gt;</p>',
      template: { id: template.id, version: 1 },
    };
    const data = { name: '<Al>' };
    expect(await renderer.render({ appId: 'app_a' }, { template: 'welcome' }, data)).toEqual(
      expected,
    );
    expect(await renderer.render({ appId: 'app_a' }, { template: template.id }, data)).toEqual(
      expected,
    );
  });

  it('renders an earlier version when asked for', async () => {
    const { store, renderer, save } = setup();
    const template = await save('app_a', 'receipt', { subject: 'v1', text: 'one' });
    await store.addVersion('app_a', template.id, { content: { subject: 'v2', text: 'two' }, at });
    const latest = await renderer.render({ appId: 'app_a' }, { template: 'receipt' }, {});
    const first = await renderer.render(
      { appId: 'app_a' },
      { template: 'receipt', version: 1 },
      {},
    );
    expect([latest.text, latest.template.version]).toEqual(['two', 2]);
    expect([first.text, first.template.version]).toEqual(['one', 1]);
  });

  it('renders with the partials of the template app only', async () => {
    const { renderer, save } = setup();
    await save('app_a', 'layout', { html: '<a-layout>{{> @partial-block}}</a-layout>' }, 'partial');
    await save('app_b', 'layout', { html: '<b-layout>{{> @partial-block}}</b-layout>' }, 'partial');
    await save('app_b', 'footer', { html: '<footer>B</footer>' }, 'partial');
    await save('app_a', 'mail', { subject: 's', html: '{{#> layout}}hi{{/layout}}' });
    await save('app_a', 'footed', { subject: 's', html: 'hi{{> footer}}' });

    const mail = await renderer.render({ appId: 'app_a' }, { template: 'mail' }, {});
    expect(mail.html).toBe('<a-layout>hi</a-layout>');
    expect(await refusal(renderer.render({ appId: 'app_a' }, { template: 'footed' }, {}))).toEqual({
      code: 'VALIDATION_ERROR',
      message: expect.any(String),
      details: [
        {
          field: 'templateData',
          code: 'template_error',
          message: 'html: no partial named "footer" for html',
        },
      ],
    });
  });

  it("does not find another app's template, by name or by id", async () => {
    const { renderer, save } = setup();
    const theirs = await save('app_b', 'secret', { subject: 's', text: 't' });
    for (const ref of ['secret', theirs.id]) {
      expect(await refusal(renderer.render({ appId: 'app_a' }, { template: ref }, {}))).toEqual({
        code: 'VALIDATION_ERROR',
        message: expect.any(String),
        details: [
          {
            field: 'template',
            code: 'template_not_found',
            message: `no template ${ref} in this app`,
          },
        ],
      });
    }
  });

  it('tells a missing version from a missing template', async () => {
    const { renderer, save } = setup();
    await save('app_a', 'one', { subject: 's', text: 't' });
    expect(
      await refusal(renderer.render({ appId: 'app_a' }, { template: 'one', version: 2 }, {})),
    ).toMatchObject({ details: [{ field: 'templateVersion', code: 'template_not_found' }] });
  });

  it('does not send partials', async () => {
    const { renderer, save } = setup();
    await save('app_a', 'footer', { text: 'bye' }, 'partial');
    expect(
      await refusal(renderer.render({ appId: 'app_a' }, { template: 'footer' }, {})),
    ).toMatchObject({ details: [{ field: 'template', code: 'template_not_found' }] });
  });

  it('names a missing variable as a template_error on templateData', async () => {
    const { renderer, save } = setup();
    await save('app_a', 'order', { subject: 'Order {{orderId}}', text: 'Hi {{customer.name}}' });
    expect(
      await refusal(renderer.render({ appId: 'app_a' }, { template: 'order' }, { orderId: 7 })),
    ).toMatchObject({
      details: [
        {
          field: 'templateData',
          code: 'template_error',
          message: expect.stringContaining('"customer.name"') as unknown,
        },
      ],
    });
  });

  it('renders a subject given with the send with the same data', async () => {
    const { renderer, save } = setup();
    await save('app_a', 'shipped', { subject: 'stored', text: 'Parcel {{id}}' });
    const rendered = await renderer.render(
      { appId: 'app_a' },
      { template: 'shipped', subject: 'Order #{{id}} & more' },
      { id: 'A1' },
    );
    expect([rendered.subject, rendered.text]).toEqual(['Order #A1 & more', 'Parcel A1']);
    expect(
      await refusal(
        renderer.render({ appId: 'app_a' }, { template: 'shipped', subject: '{{#if}}' }, {}),
      ),
    ).toMatchObject({ details: [{ field: 'subject', code: 'template_error' }] });
  });

  it('compiles a version once and serves it from the cache afterwards', async () => {
    const { store, renderer, save } = setup();
    const template = await save('app_a', 'cached', { subject: 's', text: 't' });
    const found = await store.get({ appId: 'app_a' }, template.id);
    expect(found).toBeDefined();
    if (!found) return;
    expect(renderer.compiled(found)).toBe(renderer.compiled(found));
  });
});
