/**
 * Which network addresses the ingest fetcher may connect to. A URL from a caller must
 * never make the server reach its own network: private ranges (RFC 1918, RFC 4193),
 * loopback, link-local (RFC 3927, RFC 4291 §2.5.6), CGNAT (RFC 6598), the unspecified
 * address and the cloud metadata endpoints are refused unless the operator allows them.
 */
import { BlockList, isIP } from 'node:net';

type Family = 'ipv4' | 'ipv6';

interface Rule {
  readonly cidr: string;
  readonly reason: string;
}

// Order matters: the first matching rule names the reason, so the specific metadata
// addresses come before the ranges that contain them.
const RULES: readonly Rule[] = [
  { cidr: '169.254.169.254/32', reason: 'a cloud metadata address' },
  { cidr: 'fd00:ec2::254/128', reason: 'a cloud metadata address' },
  { cidr: '0.0.0.0/8', reason: 'an unspecified ("this network") address' },
  { cidr: '::/128', reason: 'the unspecified address' },
  { cidr: '127.0.0.0/8', reason: 'a loopback address' },
  { cidr: '::1/128', reason: 'a loopback address' },
  { cidr: '10.0.0.0/8', reason: 'a private address (RFC 1918)' },
  { cidr: '172.16.0.0/12', reason: 'a private address (RFC 1918)' },
  { cidr: '192.168.0.0/16', reason: 'a private address (RFC 1918)' },
  { cidr: 'fc00::/7', reason: 'a private (unique local) address (RFC 4193)' },
  { cidr: '169.254.0.0/16', reason: 'a link-local address (RFC 3927)' },
  { cidr: 'fe80::/10', reason: 'a link-local address (RFC 4291)' },
  { cidr: '100.64.0.0/10', reason: 'a carrier-grade NAT address (RFC 6598)' },
  { cidr: '192.0.0.0/24', reason: 'an IETF protocol assignment address (RFC 6890)' },
  { cidr: '198.18.0.0/15', reason: 'a benchmarking address (RFC 2544)' },
  { cidr: '224.0.0.0/4', reason: 'a multicast address' },
  { cidr: 'ff00::/8', reason: 'a multicast address' },
  { cidr: '240.0.0.0/4', reason: 'a reserved address' },
  // NAT64 (RFC 6052) embeds an IPv4 address we cannot vet through the gateway.
  { cidr: '64:ff9b::/96', reason: 'a NAT64 address' },
];

const COMPILED = RULES.map((rule) => ({ reason: rule.reason, list: subnetList([rule.cidr]) }));

function familyOf(address: string): Family | undefined {
  const version = isIP(address);
  return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : undefined;
}

function subnetList(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [base = '', bits] = cidr.split('/');
    const family = familyOf(base);
    if (!family) throw new Error(`not an IP range: ${cidr}`);
    const prefix = bits === undefined ? (family === 'ipv4' ? 32 : 128) : Number(bits);
    list.addSubnet(base, prefix, family);
  }
  return list;
}

/** The operator's allow-list: hostnames and IP ranges reachable even though internal. */
export interface AddressPolicy {
  /** Why `address` may not be reached, or undefined when it may. */
  blockedReason(hostname: string, address: string): string | undefined;
}

export function createAddressPolicy(allowHosts: readonly string[] = []): AddressPolicy {
  const names = new Set<string>();
  const ranges: string[] = [];
  for (const entry of allowHosts) {
    const base = entry.split('/')[0] ?? '';
    if (familyOf(base)) ranges.push(entry);
    else names.add(entry.toLowerCase());
  }
  const allowed = subnetList(ranges);
  return {
    blockedReason(hostname, address) {
      const family = familyOf(address);
      if (!family) return 'not an IP address';
      if (names.has(hostname.toLowerCase()) || allowed.check(address, family)) return undefined;
      // BlockList matches IPv4-mapped IPv6 (::ffff:a.b.c.d) against IPv4 rules too.
      return COMPILED.find((rule) => rule.list.check(address, family))?.reason;
    },
  };
}
