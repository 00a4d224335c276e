/**
 * Test support for the OAuth routes: composes the real @lumen/auth services and these
 * routes on one database the way the HTTP app does, with an injectable clock and a
 * cheap argon2 cost. One call = one server replica.
 */
import {
  authorizeTool,
  createClientRegistry,
  createPrincipalResolver,
  createAuthRateLimiter,
  createTokenEndpoint,
  createTokenService,
} from '@lumen/auth';
import type { SecretHasher } from '@lumen/auth';
import type { Db } from '@lumen/db';
import { Hono } from 'hono';

import { createAdminRoutes } from './admin-routes.js';
import { bearerAuth } from './bearer-auth.js';
import type { PrincipalEnv } from './bearer-auth.js';
import { createOAuthRoutes } from './oauth-routes.js';

export const ISSUER = 'http://127.0.0.1:8080';
export const MCP_URL = `${ISSUER}/mcp`;
export const JWT_SECRET = 'oauth-route-tests-secret-0123456789abcdef';
export const CHEAP_ARGON2 = { memoryKiB: 256, iterations: 1, parallelism: 1 };

export interface ReplicaOptions {
  db: Db;
  clock: () => Date;
  jwtSecret?: string;
  maxFailures?: number;
  maxFailuresPerAddress?: number;
  /** Where argon2 runs (default: this thread). */
  hasher?: SecretHasher;
}

export function createReplica(options: ReplicaOptions) {
  const { db, clock } = options;
  const registry = createClientRegistry({
    db,
    clock,
    hashParams: CHEAP_ARGON2,
    ...(options.hasher ? { hasher: options.hasher } : {}),
  });
  const tokens = createTokenService({ secret: options.jwtSecret ?? JWT_SECRET, clock });
  const rateLimiter = createAuthRateLimiter({
    db,
    maxFailures: options.maxFailures ?? 10,
    maxFailuresPerAddress: options.maxFailuresPerAddress ?? 30,
  });
  const endpoint = createTokenEndpoint({ registry, tokens, rateLimiter, clock });
  const resolver = createPrincipalResolver({ db, tokens, registry });
  const app = new Hono<PrincipalEnv>();
  app.route(
    '/',
    createOAuthRoutes({
      endpoint,
      issuerUrl: ISSUER,
      mcpUrl: MCP_URL,
      remoteAddress: (c) => c.req.header('x-test-peer'),
    }),
  );
  const auth = bearerAuth({
    resolver,
    resourceMetadataUrl: `${ISSUER}/.well-known/oauth-protected-resource/mcp`,
    audience: MCP_URL,
    clock,
  });
  // Stands in for the MCP dispatcher: the same gates, on the resolved principal.
  app.post('/mcp', auth, async (c) => {
    const { tool } = await c.req.json<{ tool: string }>();
    try {
      authorizeTool(c.get('principal'), tool);
      return c.json({ ok: true, principal: c.get('principal') });
    } catch (error) {
      return c.json(
        { error: (error as { code: string }).code, message: (error as Error).message },
        403,
      );
    }
  });
  app.use('/api/*', auth);
  app.route('/', createAdminRoutes({ registry, clock }));
  return { app, registry, tokens, resolver };
}

export type Replica = ReturnType<typeof createReplica>;

export const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

export const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
