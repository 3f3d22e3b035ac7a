import { lookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { Injectable } from '@nestjs/common';
import { InjectSettings } from '../config/settings.module';
import type { Settings } from '../config/settings';

/**
 * Addresses that are not on the public internet. A callback or webhook URL chosen by an API
 * caller must not reach them, or the caller could make Switchboard talk to its own network
 * (admin ports, databases, the cloud metadata service): server-side request forgery.
 *
 * Built with Node's `net.BlockList` rather than `ipaddr.js`: the latter is only here as
 * express's transitive dependency (pinned to 1.x, so importing it would be an undeclared
 * dependency) and its 1.x range table lacks benchmarking, local-use NAT64 and site-local ranges.
 * `BlockList` also matches IPv4-mapped IPv6 (`::ffff:127.0.0.1`) against the IPv4 rules by itself.
 * The ranges follow the IANA IPv4 and IPv6 Special-Purpose Address Registries.
 */
const NON_PUBLIC_IPV4: readonly (readonly [string, number])[] = [
  ['0.0.0.0', 8], // "this network"; Linux connects 0.0.0.0 to the local host
  ['10.0.0.0', 8], // private (RFC 1918)
  ['100.64.0.0', 10], // carrier-grade NAT, shared address space (RFC 6598)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, includes the cloud metadata service 169.254.169.254
  ['172.16.0.0', 12], // private (RFC 1918)
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation (TEST-NET-1)
  ['192.88.99.0', 24], // deprecated 6to4 relay anycast
  ['192.168.0.0', 16], // private (RFC 1918)
  ['198.18.0.0', 15], // benchmarking, often used for internal test networks
  ['198.51.100.0', 24], // documentation (TEST-NET-2)
  ['203.0.113.0', 24], // documentation (TEST-NET-3)
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, includes the limited broadcast 255.255.255.255
];

const NON_PUBLIC_IPV6: readonly (readonly [string, number])[] = [
  // Unspecified ::, loopback ::1 and the deprecated IPv4-compatible ::a.b.c.d (some stacks still
  // route ::7f00:1 to 127.0.0.1). IPv4-mapped ::ffff:a.b.c.d needs no rule of its own: BlockList
  // checks it against the IPv4 rules.
  ['::', 96],
  ['::ffff:0:0:0', 96], // IPv4-translated ::ffff:0:a.b.c.d (RFC 2765 SIIT), relayed by translators
  ['64:ff9b:1::', 48], // local-use NAT64 (RFC 8215)
  ['100::', 64], // discard-only
  ['2001::', 32], // Teredo tunnels, which embed an IPv4 address the tunnel relays to
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // deprecated 6to4 (RFC 7526), also embeds an IPv4 address
  ['3fff::', 20], // documentation (RFC 9637)
  ['fc00::', 7], // unique local, the IPv6 private range
  ['fe80::', 10], // link-local
  ['fec0::', 10], // deprecated site-local
  ['ff00::', 8], // multicast
];

/**
 * The well-known NAT64 prefix 64:ff9b::/96 is public in general: IPv6-only networks with DNS64
 * (AWS and others) reach every IPv4 site through it. It is refused only when the IPv4 address it
 * carries is refused, so the same IPv4 rules are added again inside the prefix.
 */
function buildBlockList(): BlockList {
  const list = new BlockList();
  for (const [network, prefix] of NON_PUBLIC_IPV4) {
    list.addSubnet(network, prefix, 'ipv4');
    list.addSubnet(`64:ff9b::${network}`, 96 + prefix, 'ipv6');
  }
  for (const [network, prefix] of NON_PUBLIC_IPV6) list.addSubnet(network, prefix, 'ipv6');
  return list;
}

const NON_PUBLIC = buildBlockList();

/** The eight 16-bit groups of an IPv6 literal (one `isIP` took), a trailing dotted quad as two. */
function ipv6Groups(address: string): number[] {
  let text = address.split('%')[0] ?? '';
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail = ''] = text.split('::');
  const groups = (part: string): number[] =>
    part === '' ? [] : part.split(':').map((group) => parseInt(group, 16));
  const left = groups(head);
  const right = groups(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/**
 * ISATAP (RFC 5214) writes an IPv4 address into the interface identifier under any prefix:
 * `…:0:5efe:a.b.c.d`, the first group `0`, `100`, `200` or `300` (its universal and group bits).
 * A host with an ISATAP tunnel sends such a packet to the IPv4 address, so no prefix rule can
 * catch the form: it is refused whatever its prefix, like 6to4 and Teredo.
 */
function isIsatap(address: string): boolean {
  const groups = ipv6Groups(address);
  return ((groups[4] ?? 0) & 0xfcff) === 0 && groups[5] === 0x5efe;
}

/**
 * Whether `address` (an IP literal) is on the public internet; anything unparsable is not. An
 * IPv6 address that carries an IPv4 address is public only in the two forms that reach exactly
 * that IPv4 address, and only when it is public: IPv4-mapped (`::ffff:a.b.c.d`) and the NAT64
 * well-known prefix (`64:ff9b::a.b.c.d`). Every other form (IPv4-compatible, IPv4-translated,
 * local-use NAT64, 6to4, Teredo, ISATAP) is refused whatever address it carries.
 */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 6 && isIsatap(address)) return false;
  return !NON_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export type ResolvedTarget =
  | { readonly ok: true; readonly address: string; readonly family: 4 | 6 }
  /** `retryable`: the lookup failed (DNS may answer later), rather than the policy refusing. */
  | { readonly ok: false; readonly reason: string; readonly retryable: boolean };

/** The host of a parsed URL without the brackets of an IPv6 literal. */
function bareHost(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/**
 * Decides whether Switchboard may send a request to a URL an API caller gave it (status
 * callbacks, webhook channel). With `OUTBOUND_ALLOW_PRIVATE=true` (local development, tests)
 * only the shape of the URL is checked.
 */
@Injectable()
export class OutboundUrlPolicy {
  private readonly allowPrivate: boolean;

  constructor(@InjectSettings() settings: Pick<Settings, 'outboundAllowPrivate'>) {
    this.allowPrivate = settings.outboundAllowPrivate;
  }

  /**
   * Returns why `url` may not be used, or `undefined` when it may. Checks what can be told
   * without DNS, so it suits request validation: an absolute http(s) URL, no credentials (they
   * would end up in logs and stored messages), and no host that is non-public on its face. IP
   * literals are judged after WHATWG parsing, which turns `0x7f.1`, `2130706433` and `0177.0.0.1`
   * into 127.0.0.1, so every spelling of an address is caught.
   */
  checkSyntax(url: string): string | undefined {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return 'is not an absolute URL';
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      return 'must use http or https';
    }
    if (parsed.username !== '' || parsed.password !== '') return 'must not contain credentials';
    if (this.allowPrivate) return undefined;
    const host = bareHost(parsed);
    if (isIP(host) !== 0) {
      return isPublicAddress(host) ? undefined : 'must not target a private or reserved address';
    }
    // RFC 6761: localhost and every name under it are loopback, whatever DNS says; a trailing
    // dot (`localhost.`) is the same name written fully qualified.
    const name = host.replace(/\.+$/, '');
    if (name === 'localhost' || name.endsWith('.localhost')) return 'must not target localhost';
    return undefined;
  }

  /**
   * Checks `url` and resolves its host, refusing it when any address the name resolves to is
   * non-public: one private answer among public ones is enough for DNS rebinding, since the
   * connection could pick it. The caller must connect to the returned address (see
   * `pinnedLookup`) and not resolve the name again, or a second DNS answer could differ.
   */
  async resolveSafe(url: string): Promise<ResolvedTarget> {
    const reason = this.checkSyntax(url);
    if (reason !== undefined) return { ok: false, reason, retryable: false };
    const host = bareHost(new URL(url));
    const literal = isIP(host);
    if (literal !== 0) return { ok: true, address: host, family: literal === 4 ? 4 : 6 };
    let addresses: { address: string; family: number }[];
    try {
      addresses = await lookup(host, { all: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'lookup failed';
      return { ok: false, reason: `could not resolve the host (${code})`, retryable: true };
    }
    const first = addresses.at(0);
    if (!first) return { ok: false, reason: 'the host has no address', retryable: true };
    if (!this.allowPrivate && !addresses.every(({ address }) => isPublicAddress(address))) {
      // The address itself stays out of the reason: it would map the internal network for
      // whoever reads the answer.
      return { ok: false, reason: 'resolves to a private or reserved address', retryable: false };
    }
    return { ok: true, address: first.address, family: first.family === 6 ? 6 : 4 };
  }
}

/**
 * A `lookup` for `http.request` / `https.request` that answers every name with the address
 * `resolveSafe` checked, so the connection goes exactly there while the Host header, TLS SNI and
 * certificate check still use the name from the URL. Node 20 connects with `autoSelectFamily`,
 * which asks for `all: true` and expects a list; both forms are answered.
 */
export function pinnedLookup(address: string, family: 4 | 6): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all === true) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}
