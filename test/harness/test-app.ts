import { randomBytes } from 'node:crypto';
import { type DynamicModule, Module, type Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import { sign, type SignOptions } from 'jsonwebtoken';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { AppModule } from '../../src/app.module';
import { APP_OPTIONS, configureApp, createApp } from '../../src/app.setup';
import { parseAppSettings } from '../../src/app.settings';
import type { GatewaySettings } from '../../src/contract/gateway-settings';
import { ScriptedProviderFactory } from '../support/scripted.provider';

export const TEST_JWT_SECRET = 'test-secret-that-is-at-least-32-characters-long';

export type Env = Record<string, string | undefined>;

export interface TestApp {
  readonly app: NestExpressApplication;
  readonly http: TestAgent;
  readonly settings: GatewaySettings;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Keep data in FerretDB/MongoDB (a database of its own unless `database` is given). */
  readonly mongo?: boolean;
  readonly database?: string;
  /** Use the harness's Redis (rate limits shared across instances). */
  readonly redis?: boolean;
  /** Test-only controllers mounted beside the real ones. */
  readonly controllers?: Type[];
  /** Adds the test-only `scripted` provider type. */
  readonly scripted?: boolean;
  /** Providers replaced by test adapters (an outside system the test plays itself). */
  readonly overrides?: readonly ProviderOverride[];
}

/** A provider of the application replaced by a value, as Nest's testing module does it. */
export interface ProviderOverride {
  readonly provide: Parameters<TestingModuleBuilder['overrideProvider']>[0];
  readonly useValue: unknown;
}

export function uniqueDatabase(): string {
  return `sb_test_${randomBytes(6).toString('hex')}`;
}

export function mongoUri(database: string): string {
  const base = process.env.TEST_MONGODB_URI;
  if (!base) throw new Error('TEST_MONGODB_URI is not set: the harness global setup did not run');
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

export function redisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set: the harness global setup did not run');
  return url;
}

export function testEnv(options: TestAppOptions = {}, env: Env = {}): Env {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JWT_SECRET: TEST_JWT_SECRET,
    ...(options.mongo ? { MONGODB_URI: mongoUri(options.database ?? uniqueDatabase()) } : {}),
    ...(options.redis ? { REDIS_URL: redisUrl() } : {}),
    ...env,
  };
}

function appModule(settings: GatewaySettings, options: TestAppOptions): DynamicModule {
  const root = AppModule.forRoot(
    settings,
    options.scripted ? { providerFactories: [new ScriptedProviderFactory()] } : {},
  );
  if (!options.controllers) return root;
  @Module({ controllers: options.controllers })
  class ProbeModule {}
  return { module: ProbeModule, imports: [root] };
}

/** The application as `createApp` makes it, with some of its providers replaced. */
async function createOverridden(
  settings: GatewaySettings,
  module: DynamicModule,
  overrides: readonly ProviderOverride[],
): Promise<NestExpressApplication> {
  const builder = Test.createTestingModule({ imports: [module] });
  for (const { provide, useValue } of overrides)
    builder.overrideProvider(provide).useValue(useValue);
  const moduleRef = await builder.compile();
  return configureApp(
    moduleRef.createNestApplication<NestExpressApplication>(APP_OPTIONS),
    settings,
  );
}

/** Boots the real application on the given environment and serves it to supertest. */
export async function startApp(options: TestAppOptions = {}, env: Env = {}): Promise<TestApp> {
  const settings = parseAppSettings(testEnv(options, env), () =>
    randomBytes(32).toString('base64url'),
  );
  const module = appModule(settings, options);
  const app = options.overrides
    ? await createOverridden(settings, module, options.overrides)
    : await createApp(settings, module);
  await app.init();
  return {
    app,
    http: request(app.getHttpServer()),
    settings,
    close: () => app.close(),
  };
}

/** A token signed with the test secret; `roles` go in the default `roles` claim. */
export function token(claims: Record<string, unknown> = {}, options: SignOptions = {}): string {
  return sign({ roles: ['admin'], ...claims }, TEST_JWT_SECRET, {
    algorithm: 'HS256',
    subject: 'tester',
    expiresIn: 300,
    ...options,
  });
}

export const adminToken = (): string => token({ roles: ['admin'] });
export const viewerToken = (): string => token({ roles: ['viewer'] }, { subject: 'viewer' });
export const bearer = (jwt: string): { Authorization: string } => ({
  Authorization: `Bearer ${jwt}`,
});

export interface AppKeyOptions {
  /** The key's scopes; every scope when absent. */
  readonly scopes?: readonly string[];
  /** Who makes them; the test admin token when absent. */
  readonly admin?: { readonly Authorization: string };
}

export interface AppWithKey {
  readonly appId: string;
  readonly key: string;
  readonly callbackSecret: string;
}

/** A running service to make apps and keys on: one booted in-process, or any reached by URL. */
export type AdminClient = Pick<TestApp, 'http'>;

/** A key of an existing app, made through the admin API. */
export async function newKey(
  t: AdminClient,
  appId: string,
  options: AppKeyOptions = {},
): Promise<string> {
  const created = await t.http
    .post(`/api/v1/apps/${appId}/keys`)
    .set(options.admin ?? bearer(adminToken()))
    .send({ scopes: options.scopes })
    .expect(201);
  return created.body.key;
}

/** A new app, made through the admin API with the given fields, and a key of it. */
export async function appWithKey(
  t: AdminClient,
  fields: Record<string, unknown>,
  options: AppKeyOptions = {},
): Promise<AppWithKey> {
  const app = await t.http
    .post('/api/v1/apps')
    .set(options.admin ?? bearer(adminToken()))
    .send(fields)
    .expect(201);
  const key = await newKey(t, app.body.id, options);
  return { appId: app.body.id, key, callbackSecret: app.body.callbackSecret };
}
