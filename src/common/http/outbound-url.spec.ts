import type { LookupAddress } from 'node:dns';
import { isPublicAddress, OutboundUrlPolicy, pinnedLookup } from './outbound-url';

const strict = new OutboundUrlPolicy({ outboundAllowPrivate: false });
const lenient = new OutboundUrlPolicy({ outboundAllowPrivate: true });

describe('isPublicAddress', () => {
  it.each([
    '0.0.0.0',
    '0.1.2.3',
    '10.0.0.1',
    '100.64.0.1',
    '100.127.255.254',
    '127.0.0.1',
    '127.255.255.255',
    '169.254.169.254',
    '172.16.0.1',
    '172.31.255.255',
    '192.0.0.8',
    '192.0.2.1',
    '192.88.99.1',
    '192.168.1.1',
    '198.18.0.1',
    '198.19.255.255',
    '198.51.100.7',
    '203.0.113.9',
    '224.0.0.1',
    '239.255.255.250',
    '240.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    '::7f00:1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.1.2.3',
    '::ffff:169.254.169.254',
    '64:ff9b::10.0.0.1',
    '64:ff9b::a9fe:a9fe',
    '64:ff9b:1::1',
    '100::1',
    '2001::1',
    '2001:db8::1',
    '2002:7f00:1::1',
    '3fff::1',
    'fc00::1',
    'fd12:3456:789a::1',
    'fe80::1',
    'fe80::1%eth0',
    'fec0::1',
    'ff02::1',
    'not-an-address',
    '',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    '1.1.1.1',
    '8.8.8.8',
    '100.63.255.255',
    '100.128.0.1',
    '172.15.255.255',
    '172.32.0.1',
    '192.169.0.1',
    '198.17.255.255',
    '198.20.0.1',
    '223.255.255.255',
    '::ffff:8.8.8.8',
    '64:ff9b::8.8.8.8',
    '2606:4700:4700::1111',
    '2a00:1450:4001:80b::200e',
  ])('accepts %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('IPv6 addresses that carry an IPv4 address', () => {
  it.each<[string, string, boolean]>([
    ['IPv4-mapped, private', '::ffff:7f00:1', false],
    ['IPv4-mapped, public', '::ffff:808:808', true],
    ['IPv4-translated (SIIT), private', '::ffff:0:7f00:1', false],
    ['IPv4-translated (SIIT), dotted', '::ffff:0:10.0.0.1', false],
    ['IPv4-translated (SIIT), public', '::ffff:0:808:808', false],
    ['IPv4-compatible, private', '::7f00:1', false],
    ['IPv4-compatible, public', '::808:808', false],
    ['NAT64 well-known prefix, private', '64:ff9b::a9fe:a9fe', false],
    ['NAT64 well-known prefix, public', '64:ff9b::808:808', true],
    ['NAT64 local-use prefix', '64:ff9b:1::808:808', false],
    ['6to4, private', '2002:7f00:1::1', false],
    ['6to4, public', '2002:808:808::1', false],
    ['Teredo', '2001:0:4136:e378:8000:63bf:3fff:fdd2', false],
    ['ISATAP, private', '2600:1f18:1::5efe:7f00:1', false],
    ['ISATAP with the universal bit, private', '2600:1f18:1::200:5efe:a00:1', false],
    ['ISATAP, dotted', '2600:1f18:1::5efe:169.254.169.254', false],
    ['ISATAP, public', '2600:1f18:1::5efe:808:808', false],
    ['a public address that merely ends like one', '2600:1f18:1::5eff:808:808', true],
  ])('judges %s (%s) as public: %s', (_form, address, isPublic) => {
    expect(isPublicAddress(address)).toBe(isPublic);
    const url = `http://[${address}]/`;
    expect(strict.checkSyntax(url)).toBe(
      isPublic ? undefined : 'must not target a private or reserved address',
    );
  });
});

describe('OutboundUrlPolicy.checkSyntax', () => {
  it.each([
    'https://hooks.example.com/switchboard?token=abc',
    'http://example.com',
    'https://example.com:8443/path',
    'http://8.8.8.8/',
    'http://[2606:4700:4700::1111]/',
    'https://localhost.example.com/',
  ])('accepts %s', (url) => {
    expect(strict.checkSyntax(url)).toBeUndefined();
  });

  it.each([
    ['', 'is not an absolute URL'],
    ['/relative/path', 'is not an absolute URL'],
    ['example.com/hook', 'is not an absolute URL'],
    ['http://exa mple.com/', 'is not an absolute URL'],
    ['http://[fe80::1%25eth0]/', 'is not an absolute URL'],
    ['ftp://example.com/', 'must use http or https'],
    ['file:///etc/passwd', 'must use http or https'],
    ['javascript:alert(1)', 'must use http or https'],
    ['https://user:pass@example.com/', 'must not contain credentials'],
    ['https://user@example.com/', 'must not contain credentials'],
    ['https://:pass@example.com/', 'must not contain credentials'],
  ])('refuses %j: %s', (url, reason) => {
    expect(strict.checkSyntax(url)).toBe(reason);
    expect(lenient.checkSyntax(url)).toBe(reason);
  });

  it.each([
    'http://127.0.0.1/',
    'http://127.0.0.1./',
    'http://127.1/',
    'http://0/',
    'http://2130706433/',
    'http://0x7f000001/',
    'http://0x7f.0.0.1/',
    'http://0177.0.0.1/',
    'http://017700000001/',
    'http://10.0.0.1:8080/',
    'http://169.254.169.254/latest/meta-data/',
    'http://100.64.0.1/',
    'http://224.0.0.1/',
    'http://[::1]/',
    'http://[::]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://[fd00::1]/',
    'http://[fe80::1]/',
    'http://[ff02::1]/',
  ])('refuses the non-public literal in %s', (url) => {
    expect(strict.checkSyntax(url)).toBe('must not target a private or reserved address');
  });

  it.each([
    'http://localhost/',
    'http://LOCALHOST:3000/',
    'http://localhost./',
    'http://api.localhost/',
    'http://a.b.localhost./',
  ])('refuses %s as localhost', (url) => {
    expect(strict.checkSyntax(url)).toBe('must not target localhost');
  });

  it('lets private and loopback hosts through when OUTBOUND_ALLOW_PRIVATE is on', () => {
    for (const url of ['http://127.0.0.1/', 'http://[::1]/', 'http://localhost/', 'http://10.1/']) {
      expect(lenient.checkSyntax(url)).toBeUndefined();
    }
  });
});

describe('OutboundUrlPolicy.resolveSafe with IP literals', () => {
  it('returns a public literal as the address to connect to, without DNS', async () => {
    await expect(strict.resolveSafe('https://8.8.8.8/hook')).resolves.toEqual({
      ok: true,
      address: '8.8.8.8',
      family: 4,
    });
    await expect(strict.resolveSafe('https://[2606:4700:4700::1111]/')).resolves.toEqual({
      ok: true,
      address: '2606:4700:4700::1111',
      family: 6,
    });
  });

  it('refuses what checkSyntax refuses, as not worth retrying', async () => {
    await expect(strict.resolveSafe('http://0x7f000001/')).resolves.toEqual({
      ok: false,
      reason: 'must not target a private or reserved address',
      retryable: false,
    });
    await expect(lenient.resolveSafe('ftp://example.com/')).resolves.toEqual({
      ok: false,
      reason: 'must use http or https',
      retryable: false,
    });
  });

  it('returns private literals when OUTBOUND_ALLOW_PRIVATE is on', async () => {
    await expect(lenient.resolveSafe('http://[::1]:8080/')).resolves.toEqual({
      ok: true,
      address: '::1',
      family: 6,
    });
    await expect(lenient.resolveSafe('http://2130706433/')).resolves.toEqual({
      ok: true,
      address: '127.0.0.1',
      family: 4,
    });
  });
});

describe('pinnedLookup', () => {
  const lookup = pinnedLookup('203.0.113.5', 4);

  it('answers any name with the pinned address', () => {
    let answer: unknown[] = [];
    lookup('attacker.example', {}, (...args) => {
      answer = args;
    });
    expect(answer).toEqual([null, '203.0.113.5', 4]);
  });

  it('answers with a list when asked for all addresses (autoSelectFamily)', () => {
    let answer: unknown[] = [];
    lookup('attacker.example', { all: true, family: 0 }, (...args) => {
      answer = args;
    });
    expect(answer).toEqual([null, [{ address: '203.0.113.5', family: 4 } satisfies LookupAddress]]);
  });
});
