/** The template suites' fixtures: an admin token, a tenant with its two keys, a template, a 400. */
import { adminToken, appWithKey, bearer, newKey, type TestApp } from '../harness/test-app';

export const admin = bearer(adminToken());

export interface Tenant {
  readonly appId: string;
  /** A key with the templates:write scope. */
  readonly writer: string;
  /** A key with every scope but templates:write. */
  readonly sender: string;
}

export async function tenant(t: TestApp, name: string): Promise<Tenant> {
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

export const welcome = {
  name: 'welcome',
  description: 'first mail',
  subject: 'Welcome, {{name}}',
  html: '<p>Hello {{name}}</p>',
  text: 'Hello {{name}}',
};

export const problem = (field: string, code: string) => ({
  code: 'VALIDATION_ERROR',
  message: expect.any(String),
  details: [{ field, code, message: expect.any(String) }],
});
