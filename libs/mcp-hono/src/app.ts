import type { Db } from '@lumen/db';
import type { Principal } from '@lumen/auth';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';

import type { LumenConfig } from '@lumen/platform';
import { errorResponder } from './error-response.js';
import { defaultAllowed, hostGuard } from './host-guard.js';
import type { Logger } from '@lumen/platform';
import { bodyTooLarge, mcpEndpoint } from './lumen-mcp.js';
import type { McpServerFactory } from './lumen-mcp.js';
import { createMeRoutes } from './me-routes.js';
import { createObservabilityRoutes, requestId } from './observability/index.js';
import { requireScope } from './oauth/index.js';
import { REST_SCOPES } from './rest-scopes.js';
import type { AuthWiring } from './auth-wiring.js';
import type { AppServices } from '@lumen/platform';
import { storableInputGuard } from './storable-input-guard.js';

export interface HttpAppDeps {
  config: LumenConfig;
  db: Db;
  services: AppServices;
  auth: AuthWiring;
  /** With `handlers` (as `createLumenServerFactory` builds it), tool calls skip the SDK's protocol layer. */
  serverFactory: McpServerFactory;
  logger: Logger;
  clock?: () => Date;
}

/** The Hono app: OAuth endpoints, /mcp, admin and learner REST, health probes. */
export function createHttpApp(deps: HttpAppDeps) {
  const { config, auth, logger } = deps;
  const clock = deps.clock ?? (() => new Date());
  const app = new Hono<{ Variables: { principal: Principal } }>();
  const defaults = defaultAllowed(config.http.publicUrl, config.http.port);
  const guard = hostGuard({
    allowedHosts: [...defaults.hosts, ...config.http.allowedHosts],
    allowedOrigins: [...defaults.origins, ...config.http.allowedOrigins],
  });
  const tooLarge = bodyTooLarge(config.http.maxBodyBytes);
  const limit = bodyLimit({ maxSize: config.http.maxBodyBytes, onError: tooLarge });

  app.use('*', requestId());
  app.onError(errorResponder(logger));
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    try {
      await deps.db.ping(1_500);
      return c.json({ status: 'ready', database: 'ok' });
    } catch {
      return c.json({ status: 'unavailable', database: 'unreachable' }, 503);
    }
  });
  app.route('/', auth.oauthRoutes);

  // /mcp reads its body itself (see request-body.ts); only the declared length is
  // checked up front, so an oversized call is refused before authentication.
  app.route(
    '/mcp',
    mcpEndpoint({
      authenticate: auth.bearer,
      serverFactory: deps.serverFactory,
      maxBodyBytes: config.http.maxBodyBytes,
      guard,
    }),
  );

  app.use('/api/*', limit, auth.bearer);
  for (const { path, scope, what } of REST_SCOPES) app.use(path, requireScope(scope, what));
  app.use('/api/*', storableInputGuard());
  app.route('/', auth.adminRoutes);
  app.route('/', createMeRoutes(deps.services, clock));
  app.route(
    '/',
    createObservabilityRoutes({ db: deps.db, budgetUsd24h: config.llm.budgetUsd24h, clock }),
  );
  return app;
}
