import type { Db } from '@lumen/db';

import { OAuthError } from './oauth-error.js';
import type { Clock, RandomSource } from './random-source.js';
import { cryptoRandom, systemClock } from './random-source.js';
import { addressBucket } from './address-bucket.js';
import type { RateLimiter } from './rate-limiter.js';
import { checkRedirectUri, redirectUriProblemText } from './redirect-uri.js';

/** A public OAuth client (PKCE, no secret): registered by DCR or described by CIMD. */
export interface OAuthClientView {
  clientId: string;
  kind: 'dcr' | 'cimd';
  name: string;
  redirectUris: string[];
}

/** What the CIMD fetcher hands back: the body, or why there is none. */
export type ClientDocumentResult = { ok: true; body: string } | { ok: false; message: string };

export interface OAuthClientsOptions {
  db: Db;
  clock?: Clock;
  random?: RandomSource;
  /**
   * Fetches a Client ID Metadata Document (size- and time-limited, SSRF-safe). Without
   * it, URL client ids are refused and `client_id_metadata_document_supported` is false.
   */
  fetchClientDocument?: (url: string) => Promise<ClientDocumentResult>;
  /** Counts registrations per address (DCR is unauthenticated). */
  registrationLimiter?: RateLimiter;
  /** An unused DCR registration lapses after this long (default 24 h). */
  unusedRegistrationTtlMs?: number;
  /** How long a fetched CIMD document is trusted before it is fetched again (default 1 h). */
  documentTtlMs?: number;
}

export type OAuthClients = ReturnType<typeof createOAuthClients>;

const DCR_CLIENT_ID = /^lmo_[A-Za-z0-9_-]{22}$/;
const MAX_NAME = 100;
const MAX_REDIRECTS = 10;

/** One line, bounded: names are shown on the consent page and in listings. */
const cleanName = (name: unknown, fallback: string): string => {
  const text = typeof name === 'string' ? name.replace(/[\s\p{C}]+/gu, ' ').trim() : '';
  return (text || fallback).slice(0, MAX_NAME);
};

/** RFC 7591 §2: every redirect URI is checked; an empty or bad list is refused. */
function validRedirectUris(value: unknown, code: 'invalid_redirect_uri' | 'invalid_client') {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_REDIRECTS) {
    throw new OAuthError(code, `redirect_uris must list 1 to ${MAX_REDIRECTS} URIs.`);
  }
  for (const uri of value) {
    const problem = typeof uri === 'string' ? checkRedirectUri(uri) : 'malformed';
    if (problem) {
      throw new OAuthError(
        code,
        `Redirect URI ${JSON.stringify(String(uri).slice(0, 200))} ${redirectUriProblemText[problem]}.`,
      );
    }
  }
  return value as string[];
}

/**
 * Public OAuth clients: Dynamic Client Registration (RFC 7591) and Client ID Metadata
 * Documents (draft-ietf-oauth-client-id-metadata-document; MCP authorization spec
 * 2025-11-25 §"Client ID Metadata Documents"). Lumen-minted `lmc_` clients are not here.
 */
export function createOAuthClients(options: OAuthClientsOptions) {
  const { db } = options;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? cryptoRandom;
  const unusedTtl = options.unusedRegistrationTtlMs ?? 24 * 3600_000;
  const documentTtl = options.documentTtlMs ?? 3600_000;

  async function register(
    metadata: unknown,
    remoteAddress: string | undefined,
  ): Promise<OAuthClientView & { issuedAt: Date }> {
    const now = clock();
    const body = (typeof metadata === 'object' && metadata ? metadata : {}) as Record<
      string,
      unknown
    >;
    const bucket = addressBucket(remoteAddress);
    const keys = bucket ? [`register:${bucket}`] : [];
    const limiter = options.registrationLimiter;
    if (limiter) {
      const decision = await limiter.check(keys, now);
      if (!decision.allowed) {
        throw new OAuthError(
          'too_many_requests',
          `Too many client registrations from this address; retry in ${decision.retryAfterSeconds} s.`,
          decision.retryAfterSeconds,
        );
      }
    }
    const redirectUris = validRedirectUris(body['redirect_uris'], 'invalid_redirect_uri');
    const grants = body['grant_types'];
    if (
      grants !== undefined &&
      (!Array.isArray(grants) || !grants.includes('authorization_code'))
    ) {
      throw new OAuthError(
        'invalid_client_metadata',
        'This server registers authorization_code (+ refresh_token) clients only.',
      );
    }
    const clientId = `lmo_${Buffer.from(random(16)).toString('base64url')}`;
    const name = cleanName(body['client_name'], new URL(redirectUris[0]!).host || 'OAuth client');
    await db.sql`
      INSERT INTO oauth_clients (client_id, kind, client_name, redirect_uris, created_at, expires_at)
      VALUES (${clientId}, 'dcr', ${name}, ${redirectUris}, ${now}, ${new Date(now.getTime() + unusedTtl)})`;
    await limiter?.recordFailure(keys, now);
    await db.sql`DELETE FROM oauth_clients WHERE kind = 'dcr' AND expires_at < ${now}`;
    return { clientId, kind: 'dcr', name, redirectUris, issuedAt: now };
  }

  /** The client named by `client_id`, or an `invalid_client` OAuthError saying why not. */
  async function resolve(clientId: string): Promise<OAuthClientView> {
    if (DCR_CLIENT_ID.test(clientId)) {
      const [row] = await db.sql<{ name: string; redirectUris: string[] }>`
        SELECT client_name AS name, redirect_uris AS "redirectUris" FROM oauth_clients
         WHERE client_id = ${clientId} AND kind = 'dcr'
           AND (expires_at IS NULL OR expires_at > ${clock()})`;
      if (row) return { clientId, kind: 'dcr', name: row.name, redirectUris: row.redirectUris };
      throw new OAuthError('invalid_client', 'Unknown or expired client_id; register again.');
    }
    if (isClientIdUrl(clientId)) return resolveDocument(clientId);
    throw new OAuthError('invalid_client', 'Unknown client_id.');
  }

  async function resolveDocument(url: string): Promise<OAuthClientView> {
    const fetchDocument = options.fetchClientDocument;
    if (!fetchDocument) {
      throw new OAuthError('invalid_client', 'This server does not accept URL client ids.');
    }
    const now = clock();
    const [cached] = await db.sql<{ name: string; redirectUris: string[] }>`
      SELECT client_name AS name, redirect_uris AS "redirectUris" FROM oauth_clients
       WHERE client_id = ${url} AND kind = 'cimd' AND expires_at > ${now}`;
    if (cached) return { clientId: url, kind: 'cimd', ...cached };
    const fetched = await fetchDocument(url);
    if (!fetched.ok) {
      throw new OAuthError(
        'invalid_client',
        `The client metadata document could not be fetched: ${fetched.message}`,
      );
    }
    const view = parseClientDocument(url, fetched.body);
    const expires = new Date(now.getTime() + documentTtl);
    await db.sql`
      INSERT INTO oauth_clients (client_id, kind, client_name, redirect_uris, created_at, expires_at)
      VALUES (${url}, 'cimd', ${view.name}, ${view.redirectUris}, ${now}, ${expires})
      ON CONFLICT (client_id) DO UPDATE
         SET client_name = EXCLUDED.client_name, redirect_uris = EXCLUDED.redirect_uris,
             expires_at = EXCLUDED.expires_at`;
    return view;
  }

  /** A DCR registration in use no longer lapses. */
  async function markUsed(clientId: string): Promise<void> {
    await db.sql`UPDATE oauth_clients SET expires_at = NULL
                  WHERE client_id = ${clientId} AND kind = 'dcr' AND expires_at IS NOT NULL`;
  }

  return {
    register,
    resolve,
    markUsed,
    supportsClientIdDocuments: options.fetchClientDocument !== undefined,
  };
}

/** CIMD §3: an https URL with a path, no fragment, no credentials, no dot segments. */
export function isClientIdUrl(value: string): boolean {
  if (value.length > 2000 || !/^[\x21-\x7e]+$/.test(value) || !URL.canParse(value)) return false;
  const url = new URL(value);
  return (
    url.protocol === 'https:' &&
    url.pathname !== '/' &&
    url.hash === '' &&
    url.username === '' &&
    url.password === '' &&
    !/\/\.\.?(\/|$)/.test(value.slice(url.origin.length))
  );
}

/** CIMD §4: the document must name itself as client_id and be a public client. */
function parseClientDocument(url: string, body: string): OAuthClientView {
  let doc: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error();
    doc = parsed as Record<string, unknown>;
  } catch {
    throw new OAuthError('invalid_client', 'The client metadata document is not a JSON object.');
  }
  if (doc['client_id'] !== url) {
    throw new OAuthError(
      'invalid_client',
      'The client metadata document does not name its own URL as client_id.',
    );
  }
  const method = doc['token_endpoint_auth_method'];
  if (method !== undefined && method !== 'none') {
    throw new OAuthError(
      'invalid_client',
      'Client metadata documents describe public clients: token_endpoint_auth_method must be "none".',
    );
  }
  const redirectUris = validRedirectUris(doc['redirect_uris'], 'invalid_client');
  return {
    clientId: url,
    kind: 'cimd',
    name: cleanName(doc['client_name'], new URL(url).host),
    redirectUris,
  };
}
