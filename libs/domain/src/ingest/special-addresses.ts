/**
 * The address ranges a fetch on a caller's behalf must not reach: every entry of the
 * IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890), plus multicast,
 * the deprecated IPv4-compatible and IPv4-translated forms, and everything outside the
 * IPv6 global unicast space 2000::/3 (RFC 4291 §2.4), which IANA has never allocated.
 * IPv6 forms that carry an IPv4 address (RFC 4291 §2.5.5, RFC 6052, RFC 3056) also
 * name the address they embed, so an operator who allows a translation prefix still
 * has the IPv4 address behind it checked.
 */
import { isIP } from 'node:net';

import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

interface SpecialRange {
  readonly range: [Address, number];
  readonly reason: string;
  /** Where an IPv4 address sits inside this IPv6 range (first of its four bytes). */
  readonly ipv4At?: number;
}

const range = (cidr: string, reason: string, ipv4At?: number): SpecialRange => ({
  range: ipaddr.parseCIDR(cidr),
  reason,
  ...(ipv4At === undefined ? {} : { ipv4At }),
});

// Order matters: the first matching range names the reason, so specific entries come
// before the ranges that contain them (the metadata address inside link-local, the
// loopback address inside the IPv4-compatible ::/96).
const RANGES: readonly SpecialRange[] = [
  range('169.254.169.254/32', 'a cloud metadata address'),
  range('fd00:ec2::254/128', 'a cloud metadata address'),
  // IPv4 Special-Purpose Address Registry
  range('0.0.0.0/8', 'an unspecified ("this network") address (RFC 791)'),
  range('10.0.0.0/8', 'a private address (RFC 1918)'),
  range('100.64.0.0/10', 'a carrier-grade NAT address (RFC 6598)'),
  range('127.0.0.0/8', 'a loopback address'),
  range('169.254.0.0/16', 'a link-local address (RFC 3927)'),
  range('172.16.0.0/12', 'a private address (RFC 1918)'),
  range('192.0.0.0/24', 'an IETF protocol assignment address (RFC 6890)'),
  range('192.0.2.0/24', 'a documentation address (RFC 5737)'),
  range('192.31.196.0/24', 'an AS112 address (RFC 7535)'),
  range('192.52.193.0/24', 'an AMT address (RFC 7450)'),
  range('192.88.99.0/24', 'a 6to4 relay anycast address (RFC 7526)'),
  range('192.168.0.0/16', 'a private address (RFC 1918)'),
  range('192.175.48.0/24', 'an AS112 address (RFC 7534)'),
  range('198.18.0.0/15', 'a benchmarking address (RFC 2544)'),
  range('198.51.100.0/24', 'a documentation address (RFC 5737)'),
  range('203.0.113.0/24', 'a documentation address (RFC 5737)'),
  range('224.0.0.0/4', 'a multicast address'),
  range('255.255.255.255/32', 'the limited broadcast address (RFC 919)'),
  range('240.0.0.0/4', 'a reserved address (RFC 1112)'),
  // IPv6 Special-Purpose Address Registry
  range('::/128', 'the unspecified address'),
  range('::1/128', 'a loopback address'),
  range('::ffff:0:0/96', 'an IPv4-mapped address (RFC 4291)', 12),
  range('::ffff:0:0:0/96', 'an IPv4-translated address (RFC 2765)', 12),
  range('::/96', 'an IPv4-compatible address (RFC 4291)', 12),
  range('64:ff9b::/96', 'a NAT64 address (RFC 6052)', 12),
  range('64:ff9b:1::/48', 'a local-use NAT64 address (RFC 8215)'),
  range('100::/64', 'a discard-only address (RFC 6666)'),
  range('100:0:0:1::/64', 'a dummy IPv6 prefix address (RFC 9780)'),
  range('2001::/32', 'a Teredo address (RFC 4380)'),
  range('2001:db8::/32', 'a documentation address (RFC 3849)'),
  range('2001::/23', 'an IETF protocol assignment address (RFC 2928)'),
  range('2002::/16', 'a 6to4 address (RFC 3056)', 2),
  range('2620:4f:8000::/48', 'an AS112 address (RFC 7534)'),
  range('3fff::/20', 'a documentation address (RFC 9637)'),
  range('5f00::/16', 'an SRv6 SID address (RFC 9602)'),
  range('fc00::/7', 'a private (unique local) address (RFC 4193)'),
  range('fe80::/10', 'a link-local address (RFC 4291)'),
  range('ff00::/8', 'a multicast address'),
];

const GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3');

const inRange = (address: Address, [base, bits]: [Address, number]): boolean =>
  address.kind() === base.kind() && address.match(base, bits);

/** The special-purpose range `address` is in, or undefined for an ordinary address. */
function specialRange(address: Address): SpecialRange | undefined {
  const found = RANGES.find((entry) => inRange(address, entry.range));
  if (found || address.kind() === 'ipv4' || inRange(address, GLOBAL_UNICAST)) return found;
  return { range: GLOBAL_UNICAST, reason: 'a reserved address outside 2000::/3 (RFC 4291)' };
}

/** The IPv4 address an IPv6 address of a fixed-position embedding form carries. */
export function embeddedIpv4(address: Address): ipaddr.IPv4 | undefined {
  if (address.kind() !== 'ipv6') return undefined;
  const at = specialRange(address)?.ipv4At;
  if (at === undefined) return undefined;
  const bytes = address.toByteArray().slice(at, at + 4);
  return new ipaddr.IPv4(bytes);
}

/** Why `address` is special-purpose (naming the IPv4 address it embeds), or undefined. */
export function specialReason(address: Address): string | undefined {
  const found = specialRange(address);
  if (!found) return undefined;
  const inner = embeddedIpv4(address);
  if (!inner) return found.reason;
  const innerReason = specialRange(inner)?.reason;
  return `${found.reason} embedding ${inner.toString()}${innerReason ? `, ${innerReason}` : ''}`;
}

/**
 * Parses an IP address in its standard text form (IPv6 zone identifiers allowed), or
 * undefined. Node's check comes first: ipaddr.js also reads legacy forms ("127.1").
 */
export function parseAddress(text: string): Address | undefined {
  return isIP(text) ? ipaddr.parse(text) : undefined;
}

export { inRange };
export type { Address };
