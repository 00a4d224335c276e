import type { Db } from '@lumen/db';
import type { Role } from '@lumen/domain';

import { generateClientId } from './credentials.js';
import { randomToken, sha256 } from './digest.js';
import type { Clock, RandomSource } from './random-source.js';
import { cryptoRandom, systemClock } from './random-source.js';

/**
 * Grants: a user's consent to one OAuth client, with the authorization codes and
 * refresh tokens issued under it. A grant is stored as an `mcp_clients` row with no
 * secret and `oauth_client_id` set, so access tokens issued under it name the grant as
 * their `client_id` and go through the same principal resolver, revocation feed
 * (migration 0009), scope gates and last-use tracking as minted clients.
 */
export interface GrantsOptions {
  db: Db;
  clock?: Clock;
  random?: RandomSource;
  /** Authorization-code lifetime (default 60 s; OAuth 2.1 §4.1.2 recommends ≤ 10 min). */
  codeTtlMs?: number;
  /** Refresh-token lifetime from issue (default 30 days). */
  refreshTtlMs?: number;
  /** Called after a grant is revoked here, so this process forgets it at once. */
  onRevoked?: (grantId: string) => void;
}

export interface GrantView {
  grantId: string;
  oauthClientId: string;
  name: string;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  ownerUserId: string;
  ownerEmail: string;
}

export interface IssuedCode {
  grantId: string;
  oauthClientId: string;
  redirectUri: string;
  codeChallenge: string;
  scopes: string[];
  resource: string;
}

export interface GrantOwner {
  id: string;
  email: string;
  role: Role;
}

export type CodeRedemption =
  | { ok: true; code: IssuedCode; expiresAt: Date; owner: GrantOwner; revoked: boolean }
  | { ok: false; reason: 'unknown' | 'reused' };

export type RefreshRedemption =
  | {
      ok: true;
      grantId: string;
      oauthClientId: string;
      scopes: string[];
      resource: string;
      expiresAt: Date;
      owner: GrantOwner;
      revoked: boolean;
    }
  | { ok: false; reason: 'unknown' | 'reused'; oauthClientId?: string };

export type Grants = ReturnType<typeof createGrants>;

type GrantRow = Omit<GrantView, 'ownerEmail'> & { ownerEmail: string };

export function createGrants(options: GrantsOptions) {
  const { db } = options;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? cryptoRandom;
  const codeTtl = options.codeTtlMs ?? 60_000;
  const refreshTtl = options.refreshTtlMs ?? 30 * 86_400_000;

  /**
   * Records consent: the user's active grant to this client gets the new scopes (and
   * name), or a new grant is created. One grant per user and client keeps "connected
   * apps" a short list however often a client signs in again.
   */
  async function consent(input: {
    userId: string;
    oauthClientId: string;
    name: string;
    scopes: readonly string[];
  }): Promise<string> {
    const now = clock();
    const [existing] = await db.sql<{ id: string }>`
      UPDATE mcp_clients SET scopes = ${input.scopes}, name = ${input.name}
       WHERE owner_user_id = ${input.userId}::uuid AND oauth_client_id = ${input.oauthClientId}
         AND revoked_at IS NULL
      RETURNING client_id AS id`;
    if (existing) return existing.id;
    const grantId = generateClientId(random);
    await db.sql`
      INSERT INTO mcp_clients (client_id, client_secret_hash, owner_user_id, name, scopes, created_at, oauth_client_id)
      VALUES (${grantId}, NULL, ${input.userId}::uuid, ${input.name}, ${input.scopes}, ${now}, ${input.oauthClientId})`;
    return grantId;
  }

  async function issueCode(code: IssuedCode): Promise<string> {
    const now = clock();
    const value = randomToken(random);
    await db.sql`
      INSERT INTO oauth_codes (code_hash, grant_id, oauth_client_id, redirect_uri, code_challenge,
                               scopes, resource, created_at, expires_at)
      VALUES (${sha256(value)}, ${code.grantId}, ${code.oauthClientId}, ${code.redirectUri},
              ${code.codeChallenge}, ${code.scopes}, ${code.resource}, ${now},
              ${new Date(now.getTime() + codeTtl)})`;
    return value;
  }

  /** Reads a code without using it up (the token endpoint checks it first). */
  async function readCode(value: string): Promise<CodeRedemption> {
    const [row] = await db.sql<
      IssuedCode & { expiresAt: Date; usedAt: Date | null; revokedAt: Date | null } & OwnerCols
    >`
      SELECT k.grant_id AS "grantId", k.oauth_client_id AS "oauthClientId",
             k.redirect_uri AS "redirectUri", k.code_challenge AS "codeChallenge", k.scopes,
             k.resource, k.expires_at AS "expiresAt", k.used_at AS "usedAt",
             c.revoked_at AS "revokedAt", u.id::text AS "ownerId", u.email AS "ownerEmail",
             u.role::text AS "ownerRole"
        FROM oauth_codes k JOIN mcp_clients c ON c.client_id = k.grant_id
        JOIN users u ON u.id = c.owner_user_id
       WHERE k.code_hash = ${sha256(value)}`;
    if (!row) return { ok: false, reason: 'unknown' };
    if (row.usedAt) return { ok: false, reason: 'reused' };
    const { expiresAt, usedAt: _u, revokedAt, ownerId, ownerEmail, ownerRole, ...code } = row;
    return {
      ok: true,
      code,
      expiresAt,
      owner: { id: ownerId, email: ownerEmail, role: ownerRole },
      revoked: revokedAt !== null,
    };
  }

  /** Uses a code up; false when another request already did (a concurrent replay). */
  async function consumeCode(value: string): Promise<boolean> {
    const rows = await db.sql`
      UPDATE oauth_codes SET used_at = ${clock()} WHERE code_hash = ${sha256(value)} AND used_at IS NULL
      RETURNING code_hash`;
    return rows.length === 1;
  }

  /** A code presented twice: OAuth 2.1 §4.1.3 — revoke what was issued under it. */
  async function revokeByCode(value: string): Promise<void> {
    const [row] = await db.sql<{ grantId: string }>`
      SELECT grant_id AS "grantId" FROM oauth_codes WHERE code_hash = ${sha256(value)}`;
    if (row) await revoke(row.grantId);
  }

  async function issueRefreshToken(input: {
    grantId: string;
    scopes: readonly string[];
    resource: string;
  }): Promise<string> {
    const now = clock();
    const value = randomToken(random);
    await db.sql`
      INSERT INTO oauth_refresh_tokens (token_hash, grant_id, scopes, resource, created_at, expires_at)
      VALUES (${sha256(value)}, ${input.grantId}, ${input.scopes}, ${input.resource}, ${now},
              ${new Date(now.getTime() + refreshTtl)})`;
    return value;
  }

  /**
   * Uses a refresh token up (rotation, OAuth 2.1 §4.3.1). A token presented after it
   * was used — by the client or by whoever stole it — revokes the whole grant
   * (reuse detection, OAuth 2.0 Security BCP §4.14.2): both parties then lose access
   * and the user signs in again.
   */
  async function redeemRefreshToken(value: string): Promise<RefreshRedemption> {
    const hash = sha256(value);
    const [row] = await db.sql<
      {
        grantId: string;
        oauthClientId: string | null;
        scopes: string[];
        resource: string;
        expiresAt: Date;
        usedAt: Date | null;
        revokedAt: Date | null;
      } & OwnerCols
    >`
      SELECT r.grant_id AS "grantId", c.oauth_client_id AS "oauthClientId", r.scopes, r.resource,
             r.expires_at AS "expiresAt", r.used_at AS "usedAt", c.revoked_at AS "revokedAt",
             u.id::text AS "ownerId", u.email AS "ownerEmail", u.role::text AS "ownerRole"
        FROM oauth_refresh_tokens r JOIN mcp_clients c ON c.client_id = r.grant_id
        JOIN users u ON u.id = c.owner_user_id
       WHERE r.token_hash = ${hash}`;
    if (!row || row.oauthClientId === null) return { ok: false, reason: 'unknown' };
    const used =
      row.usedAt !== null ||
      (
        await db.sql`UPDATE oauth_refresh_tokens SET used_at = ${clock()}
                      WHERE token_hash = ${hash} AND used_at IS NULL RETURNING token_hash`
      ).length === 0;
    if (used) {
      await revoke(row.grantId);
      return { ok: false, reason: 'reused', oauthClientId: row.oauthClientId };
    }
    return {
      ok: true,
      grantId: row.grantId,
      oauthClientId: row.oauthClientId,
      scopes: row.scopes,
      resource: row.resource,
      expiresAt: row.expiresAt,
      owner: { id: row.ownerId, email: row.ownerEmail, role: row.ownerRole },
      revoked: row.revokedAt !== null,
    };
  }

  /**
   * Revokes a grant: its row gets `revoked_at` (so live access tokens stop at their
   * next call on every replica, via migration 0009's announcement) and its refresh
   * tokens are deleted. Idempotent.
   */
  async function revoke(grantId: string): Promise<void> {
    const now = clock();
    await db.sql`UPDATE mcp_clients SET revoked_at = ${now}
                  WHERE client_id = ${grantId} AND revoked_at IS NULL AND oauth_client_id IS NOT NULL`;
    await db.sql`DELETE FROM oauth_refresh_tokens WHERE grant_id = ${grantId}`;
    options.onRevoked?.(grantId);
  }

  /** Grants, newest first: one user's (connected apps) or everyone's (admin). */
  async function list(filter: { userId?: string; includeRevoked?: boolean } = {}) {
    const rows = await db.sql<GrantRow>`
      SELECT c.client_id AS "grantId", c.oauth_client_id AS "oauthClientId", c.name, c.scopes,
             c.created_at AS "createdAt", c.last_used_at AS "lastUsedAt",
             c.revoked_at AS "revokedAt", c.owner_user_id::text AS "ownerUserId",
             u.email AS "ownerEmail"
        FROM mcp_clients c JOIN users u ON u.id = c.owner_user_id
       WHERE c.oauth_client_id IS NOT NULL
         AND (${filter.userId ?? null}::uuid IS NULL OR c.owner_user_id = ${filter.userId ?? null}::uuid)
         AND (${filter.includeRevoked === true} OR c.revoked_at IS NULL)
       ORDER BY c.created_at DESC, c.client_id`;
    return rows satisfies GrantView[];
  }

  /**
   * Revokes one of the user's own grants (any user's when `userId` is null: admins);
   * false when there is no such grant.
   */
  async function revokeForUser(userId: string | null, grantId: string): Promise<boolean> {
    const [row] = await db.sql<{ id: string }>`
      SELECT client_id AS id FROM mcp_clients
       WHERE client_id = ${grantId} AND oauth_client_id IS NOT NULL
         AND (${userId}::uuid IS NULL OR owner_user_id = ${userId}::uuid)`;
    if (!row) return false;
    await revoke(grantId);
    return true;
  }

  return {
    consent,
    issueCode,
    readCode,
    consumeCode,
    revokeByCode,
    issueRefreshToken,
    redeemRefreshToken,
    revoke,
    revokeForUser,
    list,
  };
}

type OwnerCols = { ownerId: string; ownerEmail: string; ownerRole: Role };
