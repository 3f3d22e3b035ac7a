import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('is the same whatever the order of keys, at any depth', () => {
    const a = { subject: 's', metadata: { x: '1', y: '2' }, sub: { keys: { p: 1, a: 2 } } };
    const b = { sub: { keys: { a: 2, p: 1 } }, metadata: { y: '2', x: '1' }, subject: 's' };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe(
      '{"metadata":{"x":"1","y":"2"},"sub":{"keys":{"a":2,"p":1}},"subject":"s"}',
    );
  });

  it('differs when a value, or the order of a list, differs', () => {
    const base = { body: 'b', channels: ['email', 'sms'] };
    expect(canonicalJson(base)).not.toBe(canonicalJson({ ...base, body: 'c' }));
    expect(canonicalJson(base)).not.toBe(canonicalJson({ ...base, channels: ['sms', 'email'] }));
  });

  it('leaves out absent fields, as JSON does', () => {
    expect(canonicalJson({ body: 'b', phone: undefined })).toBe(canonicalJson({ body: 'b' }));
  });
});
