import { isIP } from 'node:net';

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
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return isIP(mapped[1]!) === 4 ? mapped[1] : undefined;
  const family = isIP(bare);
  if (family === 4) return bare;
  if (family !== 6) return undefined;
  return `${ipv6Groups(bare).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address, as lower-case hex without zeros. */
function ipv6Groups(address: string): string[] {
  const [head = '', tail] = address.toLowerCase().split('::');
  const part = (s: string | undefined) => (s ? s.split(':') : []);
  const groups = (xs: string[]) =>
    xs.flatMap((g) => {
      if (!g.includes('.')) return [g];
      const [a, b, c, d] = g.split('.').map(Number) as [number, number, number, number];
      return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
    });
  const left = groups(part(head));
  const right = groups(part(tail));
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((g) => parseInt(g, 16).toString(16));
}
