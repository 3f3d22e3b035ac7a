import { LIMIT_DEFAULTS } from '../common/config/limits';
import { AppsService } from '../identity/apps.service';
import { MemoryAppStore } from '../identity/memory-app.store';
import type { ApiKeyPrincipal, JwtPrincipal } from '../identity/principal';
import { Clock } from '../common/clock/clock';
import { CryptoService } from '../common/crypto/crypto.service';
import { knownApiError } from '../common/errors/persistence-answers';
import { TemplateEngine } from './handlebars.engine';
import { MemoryTemplateStore } from './memory-template.store';
import { TemplateRenderer } from './template.renderer';
import { TemplatesService } from './templates.service';

const keyOf = (appId: string): ApiKeyPrincipal => ({
  kind: 'apiKey',
  appId,
  appName: appId,
  keyId: `key_${appId}`,
  scopes: ['templates:write'],
});
const admin: JwtPrincipal = { kind: 'jwt', subject: 'admin', roles: ['admin'] };

function setup() {
  const store = new MemoryTemplateStore();
  const engine = new TemplateEngine(LIMIT_DEFAULTS.templates);
  const crypto = new CryptoService();
  const clock = new Clock();
  const apps = new AppsService(new MemoryAppStore(), crypto, clock);
  const service = new TemplatesService(
    store,
    engine,
    new TemplateRenderer(store, engine),
    apps,
    crypto,
    clock,
  );
  return { service, apps };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    const answer = knownApiError(error);
    if (answer) return { status: answer.status, ...answer.toBody() };
    throw error;
  }
  throw new Error('did not fail');
}

const welcome = {
  name: 'welcome',
  subject: 'Welcome {{name}}',
  html: '<p>Hello {{name}}</p>',
};

describe('TemplatesService', () => {
  describe('checks content when it is saved', () => {
    it('refuses a syntax error as template_error naming the part and the line', async () => {
      const { service } = setup();
      const refused = await failure(
        service.create(keyOf('app_a'), { ...welcome, html: '<p>\n{{#each items}}\n</p>' }),
      );
      expect(refused).toEqual({
        status: 400,
        code: 'VALIDATION_ERROR',
        message: expect.any(String),
        details: [
          {
            field: 'html',
            code: 'template_error',
            message: expect.stringMatching(/^html, line 3: Parse error/) as unknown,
          },
        ],
      });
    });

    it('refuses a syntax error in an update and keeps the template as it was', async () => {
      const { service } = setup();
      const { template } = await service.create(keyOf('app_a'), welcome);
      const refused = await failure(
        service.update(keyOf('app_a'), template.id, { subject: '{{#if x}}', text: 't' }),
      );
      expect(refused).toMatchObject({ details: [{ field: 'subject', code: 'template_error' }] });
      expect((await service.get(keyOf('app_a'), template.id)).template.latestVersion).toBe(1);
    });

    it.each([
      ['a template without subject', { name: 'a', html: 'x' }, 'subject', 'missing_subject'],
      [
        'a template with a blank subject',
        { name: 'a', subject: ' ', html: 'x' },
        'subject',
        'missing_subject',
      ],
      [
        'a subject on two lines',
        { name: 'a', subject: 'a\nb', html: 'x' },
        'subject',
        'invalid_header',
      ],
      ['a template without body', { name: 'a', subject: 's' }, 'text', 'message_empty'],
      [
        'a partial with a subject',
        { name: 'p', kind: 'partial', subject: 's', html: 'x' },
        'subject',
        'not_allowed',
      ],
      [
        'a partial without body',
        { name: 'p', kind: 'partial', html: ' ' },
        'text',
        'message_empty',
      ],
    ] as const)('refuses %s', async (_case, dto, field, code) => {
      const { service } = setup();
      expect(await failure(service.create(keyOf('app_a'), dto))).toMatchObject({
        status: 400,
        details: [{ field, code }],
      });
    });
  });

  it('keeps every version and shows the one asked for', async () => {
    const { service } = setup();
    const key = keyOf('app_a');
    const { template } = await service.create(key, welcome);
    const second = await service.update(key, template.id, { subject: 'v2', text: 'two' });
    expect(second.version.version).toBe(2);
    expect((await service.get(key, template.id, 1)).version.content).toEqual({
      subject: welcome.subject,
      html: welcome.html,
    });
    expect((await service.get(key, template.id)).version.content).toEqual({
      subject: 'v2',
      text: 'two',
    });
    expect((await service.versions(key, template.id)).map((entry) => entry.version)).toEqual([
      1, 2,
    ]);
    expect(await failure(service.get(key, template.id, 3))).toMatchObject({ status: 404 });
  });

  it("answers another app's template as not found", async () => {
    const { service } = setup();
    const { template } = await service.create(keyOf('app_a'), welcome);
    const other = keyOf('app_b');
    for (const attempt of [
      service.get(other, template.id),
      service.update(other, template.id, { subject: 's', text: 't' }),
      service.remove(other, template.id),
      service.preview(other, template.id, { data: { name: 'x' } }),
    ]) {
      expect(await failure(attempt)).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    }
  });

  it('refuses a second template of the same name in an app, not in another app', async () => {
    const { service } = setup();
    await service.create(keyOf('app_a'), welcome);
    expect(await failure(service.create(keyOf('app_a'), welcome))).toMatchObject({
      status: 409,
      code: 'CONFLICT',
    });
    await expect(service.create(keyOf('app_b'), welcome)).resolves.toBeDefined();
  });

  it('makes admins name an existing app, and keys use their own', async () => {
    const { service, apps } = setup();
    expect(await failure(service.create(admin, welcome))).toMatchObject({
      status: 400,
      details: [{ field: 'appId', code: 'required' }],
    });
    expect(await failure(service.create(admin, { ...welcome, appId: 'app_none' }))).toMatchObject({
      status: 404,
    });
    expect(
      await failure(service.create(keyOf('app_a'), { ...welcome, appId: 'app_b' })),
    ).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    const own = await service.create(keyOf('app_a'), { ...welcome, name: 'own', appId: 'app_a' });
    expect(own.template.appId).toBe('app_a');
    const app = await apps.create('shop');
    const created = await service.create(admin, { ...welcome, appId: app.id });
    expect(created.template.appId).toBe(app.id);
    expect((await service.get(admin, created.template.id)).template.id).toBe(created.template.id);
  });

  it('previews with the data given, and names a missing variable on data', async () => {
    const { service } = setup();
    const { template } = await service.create(keyOf('app_a'), welcome);
    expect(await service.preview(keyOf('app_a'), template.id, { data: { name: 'A&B' } })).toEqual({
      subject: 'Welcome A&B',
      html: '<p>Hello A&amp;B</p>',
      template: { id: template.id, version: 1 },
    });
    expect(await failure(service.preview(keyOf('app_a'), template.id, {}))).toMatchObject({
      status: 400,
      details: [
        {
          field: 'data',
          code: 'template_error',
          message: 'subject: missing variable "name" (line 1, column 10)',
        },
      ],
    });
  });
});
