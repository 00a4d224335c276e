import { createAddressPolicy } from './address-policy.js';
import type { HostLookup, SafeFetchResult } from './safe-fetch.js';
import { safeFetch, systemLookup } from './safe-fetch.js';

export interface PublicDocumentFetcherOptions {
  /** Hosts/CIDRs that may be fetched even though they are private (default none). */
  allowHosts?: readonly string[];
  lookup?: HostLookup;
  maxBytes: number;
  timeoutMs: number;
  maxRedirects?: number;
  /** Extra trusted CA certificates (PEM) for https. */
  ca?: string | undefined;
  userAgent?: string;
}

/**
 * A fetcher for small documents a caller names by URL (the OAuth server's Client ID
 * Metadata Documents), on the same SSRF-safe path as ingest: every hop's address is
 * vetted and pinned, the size and time are capped, redirects are re-vetted.
 */
export function createPublicDocumentFetcher(options: PublicDocumentFetcherOptions) {
  const config = {
    policy: createAddressPolicy(options.allowHosts ?? []),
    lookup: options.lookup ?? systemLookup,
    maxBytes: options.maxBytes,
    timeoutMs: options.timeoutMs,
    maxRedirects: options.maxRedirects ?? 0,
    ca: options.ca,
  };
  const headers = { 'user-agent': options.userAgent ?? 'Lumen/1.0' };
  return (url: string, accept: readonly string[]): Promise<SafeFetchResult> =>
    safeFetch(config, { url, accept, headers });
}
