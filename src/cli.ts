/**
 * Administration from the shell, against the configured store:
 *   npm run cli -- token --sub alice --role admin [--ttl 3600] [--private-key key.pem]
 *   npm run cli -- create-app --name billing [--rate-limit 600]
 *   npm run cli -- create-key --app app_… [--name prod] [--scope messages:send ...]
 *   npm run cli -- list-apps
 *   npm run cli -- re-encrypt
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { AppModule } from './app.module';
import { ApiKeyService } from './identity/api-key.service';
import { API_KEY_SCOPES, type ApiKeyScope } from './identity/app.model';
import { AppsService } from './identity/apps.service';
import { ROLES, type Role } from './identity/principal';
import { TokenIssuer } from './identity/token.issuer';
import { parseAppSettings } from './app.settings';
import { readDotEnv, settingsOrExit } from './common/config/load-settings';
import type { Settings } from './common/config/settings';
import { SecretBox } from './common/crypto/secret-box';
import { MessageLog } from './message-log/message-log';
import { resealContent } from './message-log/sealed-content';

const USAGE = `usage: npm run cli -- <command> [options]
  token       --sub <subject> --role <admin|viewer|sender> [--role ...] [--ttl <seconds>] [--private-key <pem file>]
  create-app  --name <name> [--rate-limit <per minute>]
  create-key  --app <app id> [--name <name>] [--scope <scope> ...]
  list-apps
  re-encrypt  (seals every stored secret with ENCRYPTION_KEY; run after rotating it)`;

class UsageError extends Error {}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    sub: { type: 'string' },
    role: { type: 'string', multiple: true },
    ttl: { type: 'string' },
    'private-key': { type: 'string' },
    name: { type: 'string' },
    'rate-limit': { type: 'string' },
    app: { type: 'string' },
    scope: { type: 'string', multiple: true },
  },
});

function required(name: keyof typeof values): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

function positiveInteger(name: keyof typeof values, fallback?: number): number | undefined {
  const value = values[name];
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (typeof value !== 'string' || !Number.isInteger(parsed) || parsed < 1) {
    throw new UsageError(`--${name} must be a positive integer`);
  }
  return parsed;
}

function roles(): Role[] {
  const given = values.role ?? [];
  const unknown = given.filter((role) => !ROLES.includes(role as Role));
  if (given.length === 0 || unknown.length > 0)
    throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  return given as Role[];
}

function scopes(): ApiKeyScope[] | undefined {
  const given = values.scope;
  if (!given) return undefined;
  const unknown = given.filter((scope) => !API_KEY_SCOPES.includes(scope as ApiKeyScope));
  if (unknown.length > 0)
    throw new UsageError(`--scope must be among ${API_KEY_SCOPES.join(', ')}`);
  return given as ApiKeyScope[];
}

/**
 * Seals again, with the current ENCRYPTION_KEY, every secret at rest that another key (one of
 * ENCRYPTION_KEYS_OLD) or none sealed: app callback secrets and messages' sealed content.
 */
async function reEncrypt(context: INestApplicationContext): Promise<Record<string, number>> {
  const box = context.get(SecretBox);
  const apps = await context.get(AppsService).resealSecrets();
  const messages = await context
    .get(MessageLog)
    .resealContent((message) =>
      box.isStale(message.sealedContent) ? resealContent(box, message) : undefined,
    );
  return { apps, messages };
}

function needsDatabase(settings: Settings): void {
  if (!settings.mongodbUri) {
    throw new UsageError(
      'MONGODB_URI is not set: the embedded store lives only inside a running server',
    );
  }
}

async function run(
  command: string | undefined,
  settings: Settings,
  context: () => Promise<INestApplicationContext>,
): Promise<unknown> {
  switch (command ?? '') {
    case 'token': {
      if (settings.jwt.mode === 'development') {
        throw new UsageError(
          'JWT_SECRET or JWT_PUBLIC_KEY is not set: a server would not accept this token',
        );
      }
      const keyFile = values['private-key'];
      const issuer = (await context()).get(TokenIssuer);
      return issuer.mint({
        subject: required('sub'),
        roles: roles(),
        expiresInSeconds: positiveInteger('ttl', 3600) ?? 3600,
        ...(keyFile ? { privateKey: readFileSync(keyFile, 'utf8') } : {}),
      });
    }
    case 'create-app':
      needsDatabase(settings);
      return (await context())
        .get(AppsService)
        .create(required('name'), { rateLimitPerMinute: positiveInteger('rate-limit') });
    case 'create-key': {
      needsDatabase(settings);
      const issued = await (
        await context()
      )
        .get(ApiKeyService)
        .issue(required('app'), values.name, scopes());
      return {
        id: issued.record.id,
        key: issued.key,
        prefix: issued.record.prefix,
        scopes: issued.record.scopes,
      };
    }
    case 'list-apps':
      needsDatabase(settings);
      return (await (await context()).get(AppsService).list(100)).items;
    case 're-encrypt':
      needsDatabase(settings);
      if (!settings.encryptionKey) {
        throw new UsageError('ENCRYPTION_KEY is not set: there is no key to seal with');
      }
      return reEncrypt(await context());
    default:
      throw new UsageError(command ? `unknown command ${command}` : 'no command given');
  }
}

async function main(): Promise<void> {
  readDotEnv();
  const settings = settingsOrExit(parseAppSettings, {
    ...process.env,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
  });
  let app: INestApplicationContext | undefined;
  const context = async (): Promise<INestApplicationContext> => {
    app ??= await NestFactory.createApplicationContext(AppModule.forRoot(settings), {
      logger: false,
    });
    return app;
  };
  try {
    const result = await run(positionals[0], settings, context);
    process.stdout.write(
      `${typeof result === 'string' ? result : JSON.stringify(result, null, 2)}\n`,
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(error instanceof UsageError ? `${message}\n${USAGE}\n` : `${message}\n`);
    process.exitCode = 1;
  } finally {
    await app?.close();
  }
}

void main();
