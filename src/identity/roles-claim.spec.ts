import { rolesFrom } from './roles-claim';

describe('rolesFrom', () => {
  describe('claim value shapes', () => {
    it('reads an array claim', () => {
      expect(rolesFrom({ roles: ['admin', 'viewer'] }, 'roles')).toEqual(['admin', 'viewer']);
    });

    it('reads a single role given as a string', () => {
      expect(rolesFrom({ roles: 'viewer' }, 'roles')).toEqual(['viewer']);
    });

    it('reads a space-separated string', () => {
      expect(rolesFrom({ scope: 'viewer admin' }, 'scope')).toEqual(['viewer', 'admin']);
    });

    it('tolerates repeated spaces in a space-separated string', () => {
      expect(rolesFrom({ scope: ' admin   viewer ' }, 'scope')).toEqual(['admin', 'viewer']);
    });

    it.each([
      ['a number', 42],
      ['a boolean', true],
      ['null', null],
      ['an object', { admin: true }],
    ])('finds no roles in %s', (_label, value) => {
      expect(rolesFrom({ roles: value }, 'roles')).toEqual([]);
    });
  });

  describe('claim names', () => {
    it('follows a dotted path into nested claims', () => {
      const claims = { realm_access: { roles: ['admin', 'offline_access'] } };
      expect(rolesFrom(claims, 'realm_access.roles')).toEqual(['admin']);
    });

    it('follows a deeper dotted path', () => {
      const claims = { resource_access: { switchboard: { roles: 'viewer' } } };
      expect(rolesFrom(claims, 'resource_access.switchboard.roles')).toEqual(['viewer']);
    });

    it('reads a claim whose name itself contains dots', () => {
      const claims = { 'https://example.com/roles': ['viewer', 'admin'] };
      expect(rolesFrom(claims, 'https://example.com/roles')).toEqual(['viewer', 'admin']);
    });

    it('prefers a claim named exactly like the path over the nested value', () => {
      const claims = { 'realm_access.roles': ['viewer'], realm_access: { roles: ['admin'] } };
      expect(rolesFrom(claims, 'realm_access.roles')).toEqual(['viewer']);
    });

    it('finds no roles when the path runs into a non-object', () => {
      expect(rolesFrom({ realm_access: 'admin' }, 'realm_access.roles')).toEqual([]);
      expect(rolesFrom({ realm_access: null }, 'realm_access.roles')).toEqual([]);
    });

    it('finds no roles when the path stops short', () => {
      expect(rolesFrom({ realm_access: {} }, 'realm_access.roles')).toEqual([]);
    });
  });

  it('ignores roles it does not know', () => {
    expect(rolesFrom({ roles: ['owner', 'admin', 'Admin', 'superuser', 1] }, 'roles')).toEqual([
      'admin',
    ]);
  });

  it('removes duplicates, keeping first-seen order', () => {
    expect(rolesFrom({ roles: ['viewer', 'admin', 'viewer', 'admin'] }, 'roles')).toEqual([
      'viewer',
      'admin',
    ]);
    expect(rolesFrom({ roles: 'admin admin' }, 'roles')).toEqual(['admin']);
  });

  it('finds no roles when the claim is missing', () => {
    expect(rolesFrom({}, 'roles')).toEqual([]);
    expect(rolesFrom({ sub: 'user-1' }, 'realm_access.roles')).toEqual([]);
    expect(rolesFrom({ sub: 'user-1' }, 'https://example.com/roles')).toEqual([]);
  });

  it('finds no roles in a claim named after an Object.prototype member', () => {
    expect(rolesFrom({}, 'toString')).toEqual([]);
    expect(rolesFrom({}, 'constructor.name')).toEqual([]);
  });
});
