import { readFileSync } from 'node:fs';
import { isPublicAddress } from '../../src/common/http/outbound-url';

/**
 * A host name that resolves to a non-public address without any network: an alias from
 * /etc/hosts when the machine has one, else `localhost` (which the resolver answers itself).
 */
export function nameResolvingToNonPublicAddress(): string {
  for (const line of readFileSync('/etc/hosts', 'utf8').split('\n')) {
    const [address = '', ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (address === '' || isPublicAddress(address)) continue;
    const alias = names.find((name) => name !== 'localhost' && !name.endsWith('.localhost'));
    if (alias !== undefined) return alias;
  }
  return 'localhost';
}
