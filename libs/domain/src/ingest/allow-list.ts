/**
 * The operator's allow-list (LUMEN_INGEST_ALLOW_HOSTS, LUMEN_CIMD_ALLOW_HOSTS): internal
 * hosts a fetch may reach. An entry is a host name or IP address, optionally with a
 * port (`wiki.internal:8080`, `127.0.0.1:8080`, `[::1]:8080`), or an IP range in CIDR
 * notation (`10.0.0.0/8`, `fd00::/8`). An entry without a port allows every port.
 */
import ipaddr from 'ipaddr.js';

import type { Address } from './special-addresses.js';
import { inRange, parseAddress } from './special-addresses.js';

interface NameEntry {
  readonly name: string;
  readonly port: number | undefined;
}

interface RangeEntry {
  readonly range: [Address, number];
  readonly port: number | undefined;
}

export interface AllowList {
  /** The URL's host name (as written, lower-case) is allowed on `port`. */
  allowsName(hostname: string, port: number): boolean;
  /** The address is in an allowed range (an IPv4-mapped address also as its IPv4 form). */
  allowsAddress(address: Address, port: number): boolean;
}

function parsePort(text: string, entry: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(port >= 1 && port <= 65_535))
    throw new Error(`not a valid port in allow-list entry: ${entry}`);
  return port;
}

/** `host`, `host:port`, `[v6]`, `[v6]:port`, `v6`, or a CIDR range (no port). */
function parseEntry(raw: string): NameEntry | RangeEntry {
  const entry = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(entry);
  const [host = '', portText] = bracketed
    ? [bracketed[1], bracketed[2]]
    : entry.split(':').length === 2
      ? entry.split(':')
      : [entry, undefined];
  const port = portText === undefined ? undefined : parsePort(portText, entry);
  if (host.includes('/')) {
    if (port !== undefined || !ipaddr.isValidCIDR(host) || !parseAddress(host.split('/')[0] ?? ''))
      throw new Error(`not a valid IP range in allow-list entry: ${entry}`);
    return { range: ipaddr.parseCIDR(host), port };
  }
  const address = parseAddress(host);
  if (address) return { range: [address, address.kind() === 'ipv4' ? 32 : 128], port };
  if (!host) throw new Error(`empty host in allow-list entry: ${entry}`);
  return { name: host.toLowerCase(), port };
}

export function createAllowList(entries: readonly string[]): AllowList {
  const parsed = entries.filter((entry) => entry.trim() !== '').map(parseEntry);
  const names = parsed.filter((entry): entry is NameEntry => 'name' in entry);
  const ranges = parsed.filter((entry): entry is RangeEntry => 'range' in entry);
  const portMatches = (allowed: number | undefined, port: number) =>
    allowed === undefined || allowed === port;
  return {
    allowsName(hostname, port) {
      const name = hostname.toLowerCase();
      return names.some((entry) => entry.name === name && portMatches(entry.port, port));
    },
    allowsAddress(address, port) {
      // An IPv4-mapped address (RFC 4291 §2.5.5.2) is that IPv4 host on the wire.
      const forms: Address[] =
        address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()
          ? [address, (address as ipaddr.IPv6).toIPv4Address()]
          : [address];
      return ranges.some(
        (entry) =>
          portMatches(entry.port, port) && forms.some((form) => inRange(form, entry.range)),
      );
    },
  };
}
