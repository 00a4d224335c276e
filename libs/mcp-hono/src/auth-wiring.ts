import type { Argon2Pool, ClientCache, ClientDocumentResult, Principal } from '@lumen/auth';
import {
  createArgon2Pool,
  createAuthRateLimiter,
  createClientCache,
  createClientRegistry,
  createGrants,
  createOAuthClients,
  createPasswords,
  createPendingAuthorizations,
  createPrincipalResolver,
  createTokenEndpoint,
  createTokenService,
} from '@lumen/auth';
import type { Argon2Params } from '@lumen/auth';
import type { Db } from '@lumen/db';
import { createPublicDocumentFetcher } from '@lumen/domain';
import { Hono } from 'hono';
import type { MiddlewareHandler } from 'hono';

import {
  bearerAuth,
  createAdminRoutes,
  createAuthorizeRoutes,
  createConnectionsRoutes,
  createOAuthRoutes,
  createOriginResolver,
} from './oauth/index.js';
import type { LumenConfig } from '@lumen/platform';

export interface AuthWiring {
  oauthRoutes: Hono;
  adminRoutes: Hono<{ Variables: { principal: Principal } }>;
  bearer: MiddlewareHandler<{ Variables: { principal: Principal } }>;
  registry: ReturnType<typeof createClientRegistry>;
  tokens: ReturnType<typeof createTokenService>;
  /** Client rows for bearer calls, kept current by the database's change feed. */
  clientCache: ClientCache;
  /** argon2 worker threads: the event loop stays free while secrets are checked. */
  hasher: Argon2Pool;
}

/** CIMD §6: documents are small; a slow or large one is refused. */
const CIMD_MAX_BYTES = 5 * 1024;
const CIMD_TIMEOUT_MS = 3_000;

export interface AuthWiringDeps {
  db: Db;
  config: LumenConfig;
  jwtSecret: string;
  clock?: () => Date;
  /** argon2id cost for new passwords (tests pass a cheap one). */
  hashParams?: Argon2Params;
  /** Extra CA certificates (PEM) trusted when fetching client metadata documents. */
  cimdCa?: string;
}

function clientDocumentFetcher(config: LumenConfig, ca: string | undefined) {
  const fetchDocument = createPublicDocumentFetcher({
    allowHosts: config.oauth.cimdAllowHosts,
    maxBytes: CIMD_MAX_BYTES,
    timeoutMs: CIMD_TIMEOUT_MS,
    ca,
    userAgent: 'Lumen/1.0 (OAuth client metadata)',
  });
  return async (url: string): Promise<ClientDocumentResult> => {
    const result = await fetchDocument(url, ['application/json']);
    if (!result.ok) return { ok: false, message: result.error.message };
    return { ok: true, body: result.value.body };
  };
}

/** Builds the auth pieces of the HTTP app from the database and configuration. */
export function createAuthWiring(deps: AuthWiringDeps): AuthWiring {
  const { db, config, clock } = deps;
  // Token requests and sign-ins verify argon2 hashes (~100 ms of CPU each) off the
  // event loop; a full queue answers 503 at once instead of piling up.
  const hasher = createArgon2Pool();
  const registry = createClientRegistry({ db, hasher });
  const tokens = createTokenService({ secret: deps.jwtSecret, clock });
  const clientCache = createClientCache({ db, registry });
  const resolver = createPrincipalResolver({ registry, tokens, clients: clientCache });
  const origin = createOriginResolver({
    publicUrl: config.http.publicUrl,
    explicit: config.http.publicUrlExplicit,
  });
  // The feed announces this process's own revocations too; evicting here as well
  // means the very next call sees them, without waiting for the announcement.
  const adminRegistry: typeof registry = {
    ...registry,
    revoke: async (clientId, now) => {
      try {
        return await registry.revoke(clientId, now);
      } finally {
        clientCache.evict(clientId);
      }
    },
  };
  const grants = createGrants({ db, clock, onRevoked: (id) => clientCache.evict(id) });
  const rateLimiter = createAuthRateLimiter({ db });
  const oauthClients = createOAuthClients({
    db,
    clock,
    fetchClientDocument: clientDocumentFetcher(config, deps.cimdCa),
    registrationLimiter: createAuthRateLimiter({ db, maxFailures: 30, windowMs: 60 * 60_000 }),
  });
  const endpoint = createTokenEndpoint({
    registry,
    tokens,
    rateLimiter,
    grants,
    mcpUrl: config.http.mcpUrl,
    clock,
  });
  const oauthRoutes = new Hono();
  oauthRoutes.route(
    '/',
    createOAuthRoutes({
      endpoint,
      issuerUrl: config.http.publicUrl,
      mcpUrl: config.http.mcpUrl,
      origin,
      oauthClients,
    }),
  );
  oauthRoutes.route(
    '/',
    createAuthorizeRoutes({
      origin,
      oauthClients,
      grants,
      rateLimiter,
      pending: createPendingAuthorizations({ db, clock }),
      passwords: createPasswords({ db, hasher, hashParams: deps.hashParams }),
      clock,
    }),
  );
  const adminRoutes = new Hono<{ Variables: { principal: Principal } }>();
  adminRoutes.route('/', createAdminRoutes({ registry: adminRegistry, clock }));
  adminRoutes.route('/', createConnectionsRoutes({ grants }));
  return {
    registry,
    tokens,
    clientCache,
    hasher,
    oauthRoutes,
    adminRoutes,
    bearer: bearerAuth({
      resolver,
      audience: (c) => `${origin(c)}/mcp`,
      resourceMetadataUrl: (c) => `${origin(c)}/.well-known/oauth-protected-resource/mcp`,
      clock,
    }),
  };
}
