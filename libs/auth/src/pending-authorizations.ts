import { timingSafeEqual } from 'node:crypto';

import type { Db } from '@lumen/db';

import { randomToken, sha256 } from './digest.js';
import type { Clock, RandomSource } from './random-source.js';
import { cryptoRandom, systemClock } from './random-source.js';

/** A validated authorization request (RFC 6749 §4.1.1 + PKCE + RFC 8707) awaiting the user. */
export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  state: string | null;
  codeChallenge: string;
  /** Requested scopes (`*` or tool names). */
  scopes: string[];
  /** RFC 8707 resource, bound into the code and the token audience. */
  resource: string;
}

export interface PendingAuthorization extends AuthorizationRequest {
  id: string;
  /** Set once the user has signed in on the login page. */
  userId: string | null;
}

export interface PendingAuthorizationsOptions {
  db: Db;
  clock?: Clock;
  random?: RandomSource;
  /** How long the user has to sign in and decide (default 10 minutes). */
  ttlMs?: number;
}

export type PendingAuthorizations = ReturnType<typeof createPendingAuthorizations>;

/**
 * Authorization requests between `/oauth/authorize` and the consent decision, in the
 * database so any replica can serve the next page. Each carries a CSRF token (only its
 * digest is stored) that the login and consent forms must post back, together with the
 * browser's cookie holding the same token: a form posted from another site, or for
 * another pending request, is refused.
 */
export function createPendingAuthorizations(options: PendingAuthorizationsOptions) {
  const { db } = options;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? cryptoRandom;
  const ttl = options.ttlMs ?? 10 * 60_000;

  async function create(request: AuthorizationRequest): Promise<{ id: string; csrf: string }> {
    const now = clock();
    const id = randomToken(random);
    const csrf = randomToken(random);
    await db.sql`DELETE FROM oauth_pending_authorizations WHERE expires_at < ${now}`;
    await db.sql`
      INSERT INTO oauth_pending_authorizations
        (id, csrf_hash, client_id, redirect_uri, state, code_challenge, scopes, resource, created_at, expires_at)
      VALUES (${id}, ${sha256(csrf)}, ${request.clientId}, ${request.redirectUri}, ${request.state},
              ${request.codeChallenge}, ${request.scopes}, ${request.resource}, ${now},
              ${new Date(now.getTime() + ttl)})`;
    return { id, csrf };
  }

  /** The pending request, if `csrf` is its token and it has not expired. */
  async function find(id: string, csrf: string): Promise<PendingAuthorization | undefined> {
    if (id.length > 100 || csrf.length > 100) return undefined;
    const [row] = await db.sql<PendingAuthorization & { csrfHash: string }>`
      SELECT id, csrf_hash AS "csrfHash", client_id AS "clientId", redirect_uri AS "redirectUri",
             state, code_challenge AS "codeChallenge", scopes, resource, user_id::text AS "userId"
        FROM oauth_pending_authorizations WHERE id = ${id} AND expires_at > ${clock()}`;
    if (!row) return undefined;
    const expected = Buffer.from(row.csrfHash);
    const actual = Buffer.from(sha256(csrf));
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
    const { csrfHash: _c, ...pending } = row;
    return pending;
  }

  async function signedIn(id: string, userId: string): Promise<void> {
    await db.sql`UPDATE oauth_pending_authorizations SET user_id = ${userId}::uuid WHERE id = ${id}`;
  }

  /** Ends the request (decided either way); true only for the first caller. */
  async function finish(id: string): Promise<boolean> {
    const rows =
      await db.sql`DELETE FROM oauth_pending_authorizations WHERE id = ${id} RETURNING id`;
    return rows.length === 1;
  }

  return { create, find, signedIn, finish };
}
