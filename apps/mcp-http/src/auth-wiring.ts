import type { ClientCache, Principal } from '@lumen/auth';
import {
  createAuthRateLimiter,
  createClientCache,
  createClientRegistry,
  createPrincipalResolver,
  createTokenEndpoint,
  createTokenService,
} from '@lumen/auth';
import type { Db } from '@lumen/db';
import type { Hono, MiddlewareHandler } from 'hono';

import { bearerAuth, createAdminRoutes, createOAuthRoutes } from './oauth/index.js';
import type { LumenConfig } from './config.js';

export interface AuthWiring {
  oauthRoutes: Hono;
  adminRoutes: Hono<{ Variables: { principal: Principal } }>;
  bearer: MiddlewareHandler<{ Variables: { principal: Principal } }>;
  registry: ReturnType<typeof createClientRegistry>;
  tokens: ReturnType<typeof createTokenService>;
  /** Client rows for bearer calls, kept current by the database's change feed. */
  clientCache: ClientCache;
}

/** Builds the auth pieces of the HTTP app from the database and configuration. */
export function createAuthWiring(deps: {
  db: Db;
  config: LumenConfig;
  jwtSecret: string;
  clock?: () => Date;
}): AuthWiring {
  const { db, config } = deps;
  const registry = createClientRegistry({ db });
  const tokens = createTokenService({ secret: deps.jwtSecret, clock: deps.clock });
  const clientCache = createClientCache({ db, registry });
  const resolver = createPrincipalResolver({ registry, tokens, clients: clientCache });
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
  const endpoint = createTokenEndpoint({
    registry,
    tokens,
    rateLimiter: createAuthRateLimiter({ db }),
    mcpUrl: config.http.mcpUrl,
    clock: deps.clock,
  });
  return {
    registry,
    tokens,
    clientCache,
    oauthRoutes: createOAuthRoutes({
      endpoint,
      issuerUrl: config.http.publicUrl,
      mcpUrl: config.http.mcpUrl,
    }),
    adminRoutes: createAdminRoutes({ registry: adminRegistry, clock: deps.clock }),
    bearer: bearerAuth({
      resolver,
      audience: config.http.mcpUrl,
      resourceMetadataUrl: `${config.http.publicUrl}/.well-known/oauth-protected-resource/mcp`,
      clock: deps.clock,
    }),
  };
}
