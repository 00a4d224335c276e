/**
 * Fetching a caller-supplied URL without letting it reach the server's own network.
 * Every hop is vetted: scheme, then the host's resolved addresses against the address
 * policy, and the connection is made to that vetted address (a pinned `lookup`), so a
 * DNS answer that changes between check and connect (rebinding) cannot slip through.
 * Redirects (RFC 9110 §15.4) are followed by hand, each target vetted again.
 * Expected refusals come back as a tagged Result; the caller maps them to error codes.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import type { IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';

import type { AddressPolicy } from './address-policy.js';

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}
/** Resolves a hostname to every address it has (dns.lookup with `all: true`). */
export type HostLookup = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export const systemLookup: HostLookup = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((entry) => ({
    address: entry.address,
    family: entry.family === 6 ? 6 : 4,
  }));

export interface SafeFetchConfig {
  readonly policy: AddressPolicy;
  readonly lookup: HostLookup;
  readonly maxBytes: number;
  readonly timeoutMs: number;
  readonly maxRedirects: number;
  /** Extra trusted CA certificates (PEM) for https, e.g. a private PKI. */
  readonly ca?: string | undefined;
}

export interface SafeFetchRequest {
  readonly url: string;
  /** Acceptable media types (lower-case, no parameters); a prefix ending in '/' matches a family. */
  readonly accept: readonly string[];
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal | undefined;
}

export interface FetchedDocument {
  /** The URL the body came from, after redirects. */
  readonly url: string;
  readonly status: number;
  readonly mediaType: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export type FetchRefusalReason =
  | 'unsupported_url'
  | 'blocked_address'
  | 'too_many_redirects'
  | 'http_error'
  | 'network_error'
  | 'timeout'
  | 'too_large'
  | 'unsupported_content'
  | 'cancelled';

export interface FetchRefusal {
  readonly reason: FetchRefusalReason;
  readonly message: string;
  readonly status?: number;
}

export type SafeFetchResult =
  { ok: true; value: FetchedDocument } | { ok: false; error: FetchRefusal };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const refuse = (reason: FetchRefusalReason, message: string, status?: number): SafeFetchResult => ({
  ok: false,
  error: status === undefined ? { reason, message } : { reason, message, status },
});

export async function safeFetch(
  config: SafeFetchConfig,
  request: SafeFetchRequest,
): Promise<SafeFetchResult> {
  const timeout = AbortSignal.timeout(config.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return refuse('unsupported_url', `not a valid URL: ${request.url}`);
  }
  for (let hop = 0; ; hop += 1) {
    const target = await vet(config, url);
    if (!target.ok) return target.result;
    const sent = await send(config, url, target.address, request, signal);
    if (!sent.ok) return sent.result;
    const response = sent.response;
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    if (REDIRECTS.has(status) && location) {
      response.resume();
      if (hop >= config.maxRedirects) {
        return refuse(
          'too_many_redirects',
          `more than ${config.maxRedirects} redirects starting at ${request.url}`,
        );
      }
      url = new URL(location, url);
      continue;
    }
    return readDocument(config, url, response, request, signal);
  }
}

type Vetted = { ok: true; address: ResolvedAddress } | { ok: false; result: SafeFetchResult };

/** Scheme and address checks for one hop. */
async function vet(config: SafeFetchConfig, url: URL): Promise<Vetted> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return {
      ok: false,
      result: refuse(
        'unsupported_url',
        `only http and https URLs can be ingested, not ${url.protocol}`,
      ),
    };
  }
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: readonly ResolvedAddress[];
  const literal = isIP(hostname);
  if (literal) addresses = [{ address: hostname, family: literal === 6 ? 6 : 4 }];
  else {
    try {
      addresses = await config.lookup(hostname);
    } catch (error) {
      const message = `could not resolve ${hostname}: ${(error as Error).message}`;
      return { ok: false, result: refuse('network_error', message) };
    }
  }
  if (addresses.length === 0)
    return { ok: false, result: refuse('network_error', `${hostname} has no address`) };
  // The allow-list may name a port; an absent one is the scheme's default (RFC 9110 §4.2).
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  // Every address must pass: a name that also resolves inside the network is refused.
  for (const entry of addresses) {
    const why = config.policy.blockedReason(hostname, entry.address, port);
    if (why) {
      const message = `${hostname} resolves to ${entry.address}, ${why}; such addresses are not fetched`;
      return { ok: false, result: refuse('blocked_address', message) };
    }
  }
  return { ok: true, address: addresses[0] as ResolvedAddress };
}

type Sent = { ok: true; response: IncomingMessage } | { ok: false; result: SafeFetchResult };

function send(
  config: SafeFetchConfig,
  url: URL,
  target: ResolvedAddress,
  request: SafeFetchRequest,
  signal: AbortSignal,
  retryable = true,
): Promise<Sent> {
  // Node may ask for one address or (autoSelectFamily) for all; answer with the vetted one.
  const pinned = ((
    _host: string,
    options: { all?: boolean },
    callback: (...args: unknown[]) => void,
  ) => {
    if (options?.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  }) as unknown as LookupFunction;
  const requester = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<Sent>((resolve) => {
    const req = requester(url, {
      method: 'GET',
      lookup: pinned,
      ...(config.ca ? { ca: config.ca } : {}),
      signal,
      headers: {
        'user-agent': 'LumenIngest/1.0 (+course import)',
        accept: request.accept.join(', ') || '*/*',
        // No compression: the size cap then counts the bytes we actually hold.
        'accept-encoding': 'identity',
        ...request.headers,
      },
    });
    req.on('response', (response) => resolve({ ok: true, response }));
    req.on('error', (error) => {
      // A kept-alive socket the server closed just as this GET went out: resend once on a
      // new connection (Node's documented pattern for reused sockets; GET is idempotent).
      if (retryable && req.reusedSocket && (error as NodeJS.ErrnoException).code === 'ECONNRESET') {
        resolve(send(config, url, target, request, signal, false));
        return;
      }
      resolve({ ok: false, result: failure(error, signal, request.signal, url) });
    });
    req.end();
  });
}

function failure(
  error: unknown,
  signal: AbortSignal,
  callerSignal: AbortSignal | undefined,
  url: URL,
): SafeFetchResult {
  if (callerSignal?.aborted) return refuse('cancelled', 'the request was cancelled');
  if (signal.aborted) return refuse('timeout', `${url.host} did not answer in time`);
  return refuse('network_error', `could not fetch ${url.href}: ${(error as Error).message}`);
}

function mediaTypeAccepted(mediaType: string, accept: readonly string[]): boolean {
  return accept.some((entry) =>
    entry.endsWith('/') ? mediaType.startsWith(entry) : mediaType === entry,
  );
}

async function readDocument(
  config: SafeFetchConfig,
  url: URL,
  response: IncomingMessage,
  request: SafeFetchRequest,
  signal: AbortSignal,
): Promise<SafeFetchResult> {
  const status = response.statusCode ?? 0;
  if (status < 200 || status >= 300) {
    response.resume();
    return refuse('http_error', `${url.href} answered HTTP ${status}`, status);
  }
  const contentType = String(response.headers['content-type'] ?? '');
  const mediaType = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (!mediaTypeAccepted(mediaType, request.accept)) {
    response.resume();
    const expected = request.accept.join(', ');
    return refuse(
      'unsupported_content',
      `${url.href} is ${mediaType || 'untyped'}, expected ${expected}`,
    );
  }
  const declared = Number(response.headers['content-length'] ?? Number.NaN);
  if (declared > config.maxBytes) {
    response.destroy();
    return refuse(
      'too_large',
      `${url.href} is ${declared} bytes, over the ${config.maxBytes}-byte limit`,
    );
  }
  const body = await readCapped(response, config.maxBytes);
  if (!body.ok) {
    if (body.tooLarge)
      return refuse('too_large', `${url.href} is over the ${config.maxBytes}-byte limit`);
    return failure(body.error, signal, request.signal, url);
  }
  return {
    ok: true,
    value: {
      url: url.href,
      status,
      mediaType,
      headers: response.headers,
      body: decode(body.bytes, contentType),
    },
  };
}

type Capped = { ok: true; bytes: Buffer } | { ok: false; tooLarge: boolean; error?: unknown };

/** Reads the body, stopping (and dropping the connection) once past `maxBytes`. */
function readCapped(response: IncomingMessage, maxBytes: number): Promise<Capped> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    let size = 0;
    response.on('data', (part: Buffer) => {
      size += part.length;
      if (size > maxBytes) {
        // Settle first: destroying the stream emits 'aborted' synchronously.
        resolve({ ok: false, tooLarge: true });
        response.destroy();
        return;
      }
      parts.push(part);
    });
    response.on('end', () => resolve({ ok: true, bytes: Buffer.concat(parts) }));
    response.on('error', (error) => resolve({ ok: false, tooLarge: false, error }));
    response.on('aborted', () =>
      resolve({ ok: false, tooLarge: false, error: new Error('connection aborted') }),
    );
  });
}

function decode(bytes: Buffer, contentType: string): string {
  const charset = /charset="?([\w-]+)"?/i.exec(contentType)?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}
