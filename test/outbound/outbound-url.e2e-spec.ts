import { lookup } from 'node:dns/promises';
import { OutboundUrlPolicy } from '../../src/common/http/outbound-url';
import { nameResolvingToNonPublicAddress } from '../support/hosts';

/**
 * resolveSafe against the machine's real resolver. The sandbox has no network, so the names used
 * are answered locally: `localhost`, a name from /etc/hosts, and the reserved `.invalid` TLD.
 */

const strict = new OutboundUrlPolicy({ outboundAllowPrivate: false });
const lenient = new OutboundUrlPolicy({ outboundAllowPrivate: true });
const alias = nameResolvingToNonPublicAddress();

describe('OutboundUrlPolicy.resolveSafe (real resolver)', () => {
  it(`refuses a name that resolves to a non-public address (${alias} from /etc/hosts)`, async () => {
    await expect(strict.resolveSafe(`http://${alias}:8080/hook`)).resolves.toEqual({
      ok: false,
      reason: 'resolves to a private or reserved address',
      retryable: false,
    });
  });

  it('refuses localhost by name, before asking DNS', async () => {
    await expect(strict.resolveSafe('http://localhost:8080/')).resolves.toEqual({
      ok: false,
      reason: 'must not target localhost',
      retryable: false,
    });
  });

  it('returns the first resolved address when OUTBOUND_ALLOW_PRIVATE is on', async () => {
    const [first] = await lookup(alias, { all: true });
    await expect(lenient.resolveSafe(`https://${alias}/hook`)).resolves.toEqual({
      ok: true,
      address: first.address,
      family: first.family,
    });
  });

  it('reports a name that does not resolve as worth retrying', async () => {
    const result = await strict.resolveSafe('https://no-such-host.invalid/hook');
    expect(result).toMatchObject({ ok: false, retryable: true });
    expect(!result.ok && result.reason).toMatch(/^could not resolve the host \(E[A-Z_]+\)$/);
  });
});
