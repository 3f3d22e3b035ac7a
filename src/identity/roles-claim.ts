import { ROLES, type Role } from './principal';

const isRole = (value: unknown): value is Role => ROLES.includes(value as Role);

/**
 * The roles in a token's claims. `claim` is a claim name (`roles`, `https://example.com/roles`)
 * or a dotted path into nested claims (`realm_access.roles`); the value may be a string, a
 * space-separated string or an array. Unknown roles are ignored.
 */
export function rolesFrom(claims: Readonly<Record<string, unknown>>, claim: string): Role[] {
  const value = claim in claims ? claims[claim] : lookUpPath(claims, claim.split('.'));
  const listed = Array.isArray(value) ? value : typeof value === 'string' ? value.split(' ') : [];
  return [...new Set(listed.filter(isRole))];
}

function lookUpPath(claims: unknown, path: readonly string[]): unknown {
  let current = claims;
  for (const part of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}
