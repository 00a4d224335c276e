import type { Db } from '@lumen/db';
import type { Role } from '@lumen/domain';

import { AuthError } from './auth-error.js';
import {
  clientIdOfSecret,
  generateClientId,
  generateClientSecret,
  isClientId,
} from './credentials.js';
import type { Clock, RandomSource } from './random-source.js';
import { cryptoRandom, systemClock } from './random-source.js';
import { parseScopes } from './scopes.js';
import type { Scope } from './scopes.js';
import { inThreadHasher } from './secrets.js';
import type { Argon2Params, SecretHasher } from './secrets.js';

export interface MintInput {
  ownerEmail: string;
  name: string;
  /** Parsed scopes, or the raw `*` / comma-space list. */
  scopes: readonly string[] | string;
}

export interface MintResult {
  clientId: string;
  /** Shown once; only its argon2id hash is stored. */
  clientSecret: string;
  ownerUserId: string;
  name: string;
  scopes: Scope[];
}

/** A registered client as administrators see it: no hash, no secret. */
export interface ClientInfo {
  clientId: string;
  name: string;
  ownerEmail: string;
  ownerUserId: string;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** Set when this row is a grant: the OAuth client the owner consented to (no secret). */
  oauthClientId: string | null;
}

export interface ClientOwner {
  id: string;
  email: string;
  role: Role;
}

export type AuthenticateFailure = 'malformed' | 'unknown_client' | 'bad_secret' | 'revoked';

/** Expected failures are a tagged result (house style §9); callers map each reason. */
export type AuthenticateResult =
  | { ok: true; client: ClientInfo; owner: ClientOwner }
  | { ok: false; reason: AuthenticateFailure; clientId?: string };

export interface ClientRegistryOptions {
  db: Db;
  random?: RandomSource;
  clock?: Clock;
  /** argon2id cost for new secrets; production keeps the OWASP default. */
  hashParams?: Argon2Params;
  /** Where argon2 runs (default: this thread; servers pass a worker pool). */
  hasher?: SecretHasher;
  /** last_used_at is written at most this often per client (default 60 s). */
  touchIntervalMs?: number;
}

export type ClientRegistry = ReturnType<typeof createClientRegistry>;

const CLIENT_SELECT = {
  clientId: true,
  name: true,
  ownerUserId: true,
  scopes: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
  oauthClientId: true,
  owner: { select: { id: true, email: true, role: true } },
} as const;

type FlatClientRow = Omit<ClientRow, 'owner'> & { email: string; role: ClientOwner['role'] };

type ClientRow = {
  clientId: string;
  name: string;
  ownerUserId: string;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  oauthClientId: string | null;
  owner: ClientOwner;
};

const toInfo = (row: ClientRow): ClientInfo => ({
  clientId: row.clientId,
  name: row.name,
  ownerEmail: row.owner.email,
  ownerUserId: row.ownerUserId,
  scopes: [...row.scopes],
  createdAt: row.createdAt,
  lastUsedAt: row.lastUsedAt,
  revokedAt: row.revokedAt,
  oauthClientId: row.oauthClientId,
});

/** MCP client registrations in `mcp_clients`: mint, list, revoke, authenticate. */
export function createClientRegistry(options: ClientRegistryOptions) {
  const { db } = options;
  const random = options.random ?? cryptoRandom;
  const clock = options.clock ?? systemClock;
  const touchInterval = options.touchIntervalMs ?? 60_000;
  const lastTouch = new Map<string, number>();
  const hasher = options.hasher ?? inThreadHasher;
  const hashOptions = { random, ...(options.hashParams ? { params: options.hashParams } : {}) };
  let decoy: Promise<string> | undefined;
  /**
   * A hash at the cost new secrets get, that nothing matches: verified against when
   * there is no real hash, so an unknown client id costs the same argon2 run as a
   * wrong secret and timing does not tell which client ids exist.
   */
  const decoyHash = () => (decoy ??= hasher.hash('decoy secret, never matches', hashOptions));

  async function mint(input: MintInput, now: Date = clock()): Promise<MintResult> {
    // One line, so the key=value mint output cannot be split by a crafted name.
    const name = input.name.replace(/\s+/g, ' ').trim();
    if (name === '')
      throw new AuthError('auth.name.empty', 'Give the client a name (--name), e.g. "My laptop".');
    const scopes = parseScopes(
      typeof input.scopes === 'string' ? input.scopes : input.scopes.join(' '),
    );
    const owner = await db.prisma.user.findUnique({
      where: { email: input.ownerEmail.trim() },
      select: { id: true },
    });
    if (!owner) {
      throw new AuthError(
        'auth.owner.unknown',
        `No user has the email ${JSON.stringify(input.ownerEmail)}. Create the user first.`,
      );
    }
    const clientId = generateClientId(random);
    const clientSecret = generateClientSecret(clientId, random);
    const clientSecretHash = await hasher.hash(clientSecret, hashOptions);
    await db.prisma.mcpClient.create({
      data: { clientId, clientSecretHash, ownerUserId: owner.id, name, scopes, createdAt: now },
    });
    return { clientId, clientSecret, ownerUserId: owner.id, name, scopes };
  }

  async function list(filter: { includeRevoked?: boolean } = {}): Promise<ClientInfo[]> {
    const rows = await db.prisma.mcpClient.findMany({
      where: filter.includeRevoked === false ? { revokedAt: null } : {},
      select: CLIENT_SELECT,
      orderBy: [{ createdAt: 'asc' }, { clientId: 'asc' }],
    });
    return rows.map(toInfo);
  }

  /** Finds a client (revoked or not) with its owner; no hash leaves this module. */
  /**
   * One indexed join on the lean SQL path: every authenticated request runs it
   * (revocation must hold on the next call, on every replica), and the stdio server's
   * first call should not wait for Prisma's query compiler to warm up.
   */
  async function load(
    clientId: string,
  ): Promise<(FlatClientRow & { hash: string | null }) | undefined> {
    const [row] = await db.sql<FlatClientRow & { hash: string | null }>`
      SELECT c.client_id AS "clientId", c.name, c.owner_user_id::text AS "ownerUserId",
             c.scopes, c.created_at AS "createdAt", c.last_used_at AS "lastUsedAt",
             c.revoked_at AS "revokedAt", c.oauth_client_id AS "oauthClientId",
             u.email, u.role::text AS role,
             c.client_secret_hash AS hash
        FROM mcp_clients c JOIN users u ON u.id = c.owner_user_id
       WHERE c.client_id = ${clientId}`;
    return row;
  }

  const split = (row: FlatClientRow) => {
    const owner: ClientOwner = { id: row.ownerUserId, email: row.email, role: row.role };
    return { client: toInfo({ ...row, scopes: [...row.scopes], owner }), owner };
  };

  async function find(
    clientId: string,
  ): Promise<{ client: ClientInfo; owner: ClientOwner } | undefined> {
    if (!isClientId(clientId)) return undefined;
    const row = await load(clientId);
    return row ? split(row) : undefined;
  }

  /** Marks the client revoked. Idempotent: revoking twice keeps the first time. */
  async function revoke(clientId: string, now: Date = clock()): Promise<ClientInfo> {
    const found = await find(clientId);
    if (!found)
      throw new AuthError(
        'auth.client.unknown',
        `No MCP client has the id ${JSON.stringify(clientId)}.`,
      );
    if (found.client.revokedAt) return found.client;
    await db.prisma.mcpClient.updateMany({
      where: { clientId, revokedAt: null },
      data: { revokedAt: now },
    });
    return (await find(clientId))!.client;
  }

  /**
   * Checks a client id + secret: one primary-key lookup, one argon2 check. The secret
   * is verified before the revocation is reported, so only a holder of the secret
   * learns that the client was revoked. Every lookup costs exactly one argon2 run —
   * against the decoy when the id is unknown or is a grant (OAuth authorization code,
   * no secret) — so "unknown client" and "wrong secret" take the same time. The checks
   * before the lookup depend only on the request's own text, so answering them at once
   * reveals nothing stored.
   */
  async function authenticate(clientId: string, secret: string): Promise<AuthenticateResult> {
    if (!isClientId(clientId)) return { ok: false, reason: 'malformed' };
    if (clientIdOfSecret(secret) !== clientId) return { ok: false, reason: 'bad_secret', clientId };
    const row = await load(clientId);
    const verified = await hasher.verify(secret, row?.hash ?? (await decoyHash()));
    if (!row) return { ok: false, reason: 'unknown_client', clientId };
    if (row.hash === null || !verified) return { ok: false, reason: 'bad_secret', clientId };
    if (row.revokedAt) return { ok: false, reason: 'revoked', clientId };
    return { ok: true, ...split(row) };
  }

  /**
   * The client's stored argon2id hash (a PHC string, not a secret), for the copy kept
   * beside the embedded database (see @lumen/db's clientHashCopy); undefined for an
   * unknown client or a grant (no secret).
   */
  async function storedHash(clientId: string): Promise<string | undefined> {
    if (!isClientId(clientId)) return undefined;
    return (await load(clientId))?.hash ?? undefined;
  }

  /** stdio: the secret alone names its client (see credentials.ts). */
  async function authenticateSecret(secret: string): Promise<AuthenticateResult> {
    const clientId = clientIdOfSecret(secret);
    if (!clientId) return { ok: false, reason: 'malformed' };
    return authenticate(clientId, secret);
  }

  /**
   * Records use. Written at most once per `touchIntervalMs` per client — remembered in
   * memory, and guarded in SQL so several replicas do not all write the same minute.
   */
  async function touch(clientId: string, now: Date = clock()): Promise<void> {
    const last = lastTouch.get(clientId);
    if (last !== undefined && now.getTime() - last < touchInterval) return;
    lastTouch.set(clientId, now.getTime());
    const stale = new Date(now.getTime() - touchInterval);
    await db.sql`
      UPDATE mcp_clients SET last_used_at = ${now}
       WHERE client_id = ${clientId} AND (last_used_at IS NULL OR last_used_at < ${stale})`;
  }

  return { mint, list, find, revoke, authenticate, authenticateSecret, touch, storedHash };
}

/** The guide's mint output ("Token lifecycle"): key=value lines that pipe cleanly. */
export function formatMintOutput(result: MintResult): string {
  return [
    `client_id=${result.clientId}`,
    `client_secret=${result.clientSecret}`,
    `owner_user_id=${result.ownerUserId}`,
    `name=${result.name}`,
    `scopes=${result.scopes.join(',')}`,
    'Save the client_secret now — it will not be shown again.',
    '',
  ].join('\n');
}
