import type { Principal } from '@lumen/auth';
import {
  createAuthRateLimiter,
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
  const resolver = createPrincipalResolver({ registry, tokens });
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
    oauthRoutes: createOAuthRoutes({
      endpoint,
      issuerUrl: config.http.publicUrl,
      mcpUrl: config.http.mcpUrl,
    }),
    adminRoutes: createAdminRoutes({ registry, clock: deps.clock }),
    bearer: bearerAuth({
      resolver,
      audience: config.http.mcpUrl,
      resourceMetadataUrl: `${config.http.publicUrl}/.well-known/oauth-protected-resource/mcp`,
      clock: deps.clock,
    }),
  };
}
