/**
 * Which network addresses the ingest fetcher may connect to. A URL from a caller must
 * never make the server reach its own network: every special-purpose address (loopback,
 * private, link-local, CGNAT, metadata, documentation, the IPv6 forms that carry an
 * IPv4 address; see special-addresses.ts) is refused unless the operator allows it.
 */
import type { AllowList } from './allow-list.js';
import { createAllowList } from './allow-list.js';
import type { Address } from './special-addresses.js';
import { embeddedIpv4, parseAddress, specialReason } from './special-addresses.js';

/** The operator's allow-list: hostnames and IP ranges reachable even though internal. */
export interface AddressPolicy {
  /** Why `address` (which `hostname` resolved to) may not be reached on `port`, or undefined when it may. */
  blockedReason(hostname: string, address: string, port: number): string | undefined;
}

/**
 * An allowed translation range (say a NAT64 prefix, RFC 6052) does not allow the IPv4
 * address it carries: that address is checked on its own.
 */
function embeddedReason(address: Address, allow: AllowList, port: number): string | undefined {
  const inner = embeddedIpv4(address);
  if (!inner || allow.allowsAddress(inner, port)) return undefined;
  const why = specialReason(inner);
  return why && `an address embedding ${inner.toString()}, ${why}`;
}

/**
 * `allowHosts` entries: `host`, `host:port`, an IP address (`[v6]:port` with a port) or
 * a CIDR range. A malformed entry throws, so a typo fails at start-up.
 */
export function createAddressPolicy(allowHosts: readonly string[] = []): AddressPolicy {
  const allow = createAllowList(allowHosts);
  return {
    blockedReason(hostname, address, port) {
      const parsed = parseAddress(address);
      if (!parsed) return 'not an IP address';
      if (allow.allowsName(hostname, port)) return undefined;
      if (allow.allowsAddress(parsed, port)) return embeddedReason(parsed, allow, port);
      return specialReason(parsed);
    },
  };
}
