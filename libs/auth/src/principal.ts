import { AsyncLocalStorage } from 'node:async_hooks';

import type { Db } from '@lumen/db';
import type { Role } from '@lumen/domain';

import { AuthError } from './auth-error.js';
import { sha256 } from './digest.js';
import type { ClientInfo, ClientOwner, ClientRegistry } from './client-registry.js';
import type { TokenService } from './token-service.js';

/**
 * Who is calling, resolved once per call by the transport (guide, Design notes: "One
 * Principal per call"). Tools see this, never a token or a secret.
 */
export interface Principal {
  readonly userId: string;
  readonly role: Role;
  readonly clientId: string;
  /** The scopes this call may use: the token's (possibly narrowed) scopes. */
  readonly scopes: readonly string[];
  readonly email?: string | undefined;
  /**
   * Set when the caller signed in through OAuth (authorization code + PKCE, a DCR or
   * CIMD client): the OAuth client the user consented to. Absent for a client minted
   * with `lumen mcp-token`. Refusals use it to give the fix that fits: sign in again,
   * or mint again.
   */
  readonly oauthClientId?: string | undefined;
}

const principalContext = new AsyncLocalStorage<Principal>();

/** Runs `fn` with `principal` as the current principal of everything it awaits. */
export function runWithPrincipal<T>(principal: Principal, fn: () => T): T {
  return principalContext.run(principal, fn);
}

/** The principal of the current call, if a transport set one. */
export function currentPrincipal(): Principal | undefined {
  return principalContext.getStore();
}

export interface PrincipalResolverOptions {
  tokens: TokenService;
  /** Reads the client row and its owner (role, email) in one query. */
  registry: ClientRegistry;
  /**
   * Where bearer calls look the client up (default: `registry`). The HTTP app passes a
   * ClientCache, which answers from memory while the database's change feed is up.
   */
  clients?: Pick<ClientRegistry, 'find'>;
  /** Not needed: the registry owns the queries. Accepted so callers may pass it. */
  db?: Db;
}

export type PrincipalResolver = ReturnType<typeof createPrincipalResolver>;

const REVOKED =
  'This MCP client has been revoked (mcp.client_revoked). Mint a new client with `lumen mcp-token`.';
const SIGN_IN_REVOKED =
  'This sign-in to Lumen has been revoked (mcp.client_revoked). Sign in again: reconnect Lumen in your MCP client.';
/** The row is gone, so whether it was minted or a sign-in is unknown: both fixes. */
const CLIENT_GONE =
  'This MCP client no longer exists (mcp.client_revoked). If you signed in through your MCP client, reconnect Lumen there to sign in again; otherwise mint a new client with `lumen mcp-token`.';

/** Turns transport credentials into a Principal, checking revocation on every call. */
export function createPrincipalResolver(options: PrincipalResolverOptions) {
  const { tokens, registry } = options;
  const clients = options.clients ?? registry;

  /** The current row decides: revoked or deleted clients stop working at once. */
  async function activeClient(clientId: string, gone = CLIENT_GONE) {
    const found = await clients.find(clientId);
    if (!found) throw new AuthError('mcp.client_revoked', gone);
    if (found.client.revokedAt)
      throw new AuthError(
        'mcp.client_revoked',
        found.client.oauthClientId ? SIGN_IN_REVOKED : REVOKED,
      );
    return found;
  }

  async function principalFor(
    found: { client: ClientInfo; owner: ClientOwner },
    scopes: readonly string[],
    now: Date,
  ) {
    await registry.touch(found.client.clientId, now);
    const principal: Principal = {
      userId: found.owner.id,
      role: found.owner.role,
      clientId: found.client.clientId,
      scopes: [...scopes],
      email: found.owner.email,
      ...(found.client.oauthClientId ? { oauthClientId: found.client.oauthClientId } : {}),
    };
    return principal;
  }

  /**
   * HTTP: a Bearer JWT. After the signature and claims, the client row is looked up: a
   * revoked client's JWTs stop working at once, though they stay cryptographically
   * valid until they expire (guide, Token lifecycle).
   */
  async function fromBearer(jwt: string, at: { audience?: string; now: Date }): Promise<Principal> {
    if (jwt.trim() === '')
      throw new AuthError('mcp.token_required', 'Send "Authorization: Bearer <access_token>".');
    const claims = await tokens.verify(jwt, at.audience ? { audience: at.audience } : {});
    const found = await activeClient(claims.clientId);
    // `sub` was the owner when the token was signed; ownership never changes.
    if (found.owner.id !== claims.userId)
      throw new AuthError('mcp.invalid_token', 'The access token does not match its client.');
    return principalFor(found, claims.scopes, at.now);
  }

  /**
   * stdio: LUMEN_MCP_AUTH_TOKEN holds the client_secret. A secret already verified in
   * this process is remembered (as a SHA-256 digest) so argon2 runs once, while the
   * revocation check still reads the row on every call.
   */
  const verified = new Map<string, string>(); // sha256(secret) → client id
  async function fromClientSecret(secret: string | undefined, now: Date): Promise<Principal> {
    if (!secret || secret.trim() === '') {
      throw new AuthError(
        'mcp.token_required',
        'LUMEN_MCP_AUTH_TOKEN is not set. Put the client_secret from `lumen mcp-token` in the env block of your MCP client config.',
      );
    }
    const digest = sha256(secret);
    const clientId = verified.get(digest);
    if (clientId) {
      // A secret only ever belongs to a minted client.
      const found = await activeClient(clientId, REVOKED);
      return principalFor(found, found.client.scopes, now);
    }
    const result = await registry.authenticateSecret(secret);
    if (!result.ok) {
      if (result.reason === 'revoked') throw new AuthError('mcp.client_revoked', REVOKED);
      throw new AuthError(
        'mcp.invalid_token',
        'LUMEN_MCP_AUTH_TOKEN is not a valid client_secret. Copy it again from `lumen mcp-token` output, or mint a new client.',
      );
    }
    verified.set(digest, result.client.clientId);
    return principalFor(result, result.client.scopes, now);
  }

  return { fromBearer, fromClientSecret };
}
