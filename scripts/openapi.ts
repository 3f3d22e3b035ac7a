/**
 * Generates the OpenAPI document from the code into openapi.json (`--write`), or fails when the
 * committed file differs from what the code generates (`--check`, run by CI).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp, openApiDocument } from '../src/app.setup';
import { parseAppSettings } from '../src/app.settings';

const TARGET = join(__dirname, '..', 'openapi.json');

async function generate(): Promise<string> {
  const settings = parseAppSettings({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }, () =>
    randomBytes(32).toString('base64url'),
  );
  const app = await createApp(settings);
  try {
    return `${JSON.stringify(openApiDocument(app), null, 2)}\n`;
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const mode = process.argv[2];
  const document = await generate();
  if (mode === '--write') {
    writeFileSync(TARGET, document);
    console.log(`wrote ${TARGET}`);
    return;
  }
  const committed = readFileSync(TARGET, 'utf8');
  if (committed !== document) {
    console.error('openapi.json is stale: run `npm run openapi` and commit the result.');
    process.exit(1);
  }
  console.log('openapi.json matches the code');
}

void main();
