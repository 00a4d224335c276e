import { isIP } from 'node:net';

import ipaddr from 'ipaddr.js';

/**
 * The unit a caller's address is rate-limited by. An IPv4 address (also written as
 * IPv4-mapped IPv6, `::ffff:a.b.c.d`, as dual-stack sockets report it) is itself; an
 * IPv6 address counts as its /64, the block one subscriber normally gets (RFC 6177
 * §2; RFC 4291 §2.5.4 makes /64 the interface-identifier boundary), so rotating through
 * one's own /64 does not reset the limit. Anything else is not an address: undefined.
 */
export function addressBucket(address: string | undefined): string | undefined {
  if (!address) return undefined;
  const bare = address.replace(/%.*$/, ''); // zone index (fe80::1%eth0)
  // node:net's isIP is the strict gate: ipaddr.js alone also takes IPv4 shorthands ("1", "0x7f.1").
  const family = isIP(bare);
  if (family === 4) return bare;
  if (family !== 6) return undefined;
  const ip = ipaddr.IPv6.parse(bare);
  if (ip.isIPv4MappedAddress()) return ip.toIPv4Address().toString();
  return `${ip.parts
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}
