import { runWithPrincipal } from '@lumen/auth';
import type { Principal } from '@lumen/auth';
import { createLumenServerFactory } from '@lumen/mcp-tools';
import type { LumenToolHandlers } from '@lumen/mcp-tools';
import type { Lumen } from '@lumen/platform';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { Hono } from 'hono';
import type { Context, MiddlewareHandler } from 'hono';

import { lumenAuth } from './lumen-auth.js';
import { createMcpHandler, jsonRpcError, principalFromRequest } from './mcp-route.js';
import { observeToolCalls } from './observability/index.js';
import type { PrincipalEnv } from './oauth/index.js';
import { declaredBodyLimit } from './request-body.js';

/** The nine tools' MCP server for a Lumen, logging and recording each call. */
export type McpServerFactory = (() => Server) & { handlers?: LumenToolHandlers };

export interface LumenMcpOptions {
  /**
   * Who is calling, from your own session, cookie or header: the principal's `userId`
   * (a Lumen user id), `role`, `clientId` (recorded with each tool call) and `scopes`
   * (tool names, or `*`) decide what the tools allow. Return null for "not signed in":
   * the request is answered 401 with a JSON-RPC error. Without a resolver, Lumen's own
   * bearer authentication runs (OAuth access tokens; see {@link lumenOAuth}).
   */
  resolvePrincipal?: (c: Context) => Promise<Principal | null>;
  /** Largest request body in bytes (default LUMEN_MAX_BODY_BYTES, 1 MiB). */
  maxBodyBytes?: number;
  /**
   * Checks run before anything else on every request to the endpoint, such as
   * DNS-rebinding protection (the full app's Host/Origin allow-list). Default none: the
   * host app guards its own origin.
   */
  guard?: MiddlewareHandler;
}

/** The pieces of the MCP endpoint, for {@link lumenMcp} and the full app. */
export interface McpEndpointParts {
  /** Puts a Principal in context (`c.set('principal', …)`) or answers 401. */
  authenticate: MiddlewareHandler<PrincipalEnv>;
  serverFactory: McpServerFactory;
  maxBodyBytes: number;
  guard?: MiddlewareHandler | undefined;
}

/** A 413 that closes the connection: the unread rest of the body is still on the socket. */
export const bodyTooLarge = (maxBytes: number) => (c: Context) =>
  c.json(jsonRpcError(-32600, `Request body exceeds ${maxBytes} bytes.`), 413, {
    Connection: 'close',
  });

/**
 * The MCP endpoint as a Hono app whose one route is its root: POST carries JSON-RPC;
 * GET, DELETE, PUT and PATCH are 405 (the server is stateless). Only the declared body
 * length is checked up front, so an oversized call is refused before authentication.
 */
export function mcpEndpoint(parts: McpEndpointParts): Hono<PrincipalEnv> {
  const tooLarge = bodyTooLarge(parts.maxBodyBytes);
  const app = new Hono<PrincipalEnv>();
  if (parts.guard) app.use('*', parts.guard);
  app.use('*', declaredBodyLimit(parts.maxBodyBytes, tooLarge));
  app.on(['GET', 'DELETE', 'PUT', 'PATCH'], '/', (c) =>
    c.json(
      jsonRpcError(
        -32000,
        'Method not allowed: this server is stateless; POST JSON-RPC messages to /mcp.',
      ),
      405,
      { Allow: 'POST' },
    ),
  );
  app.post(
    '/',
    parts.authenticate,
    createMcpHandler(parts.serverFactory, { maxBytes: parts.maxBodyBytes, tooLarge }),
  );
  return app;
}

/** The tools' server on a Lumen's services: calls logged and recorded for observability. */
export function lumenServerFactory(lumen: Lumen): McpServerFactory {
  return createLumenServerFactory({
    services: lumen,
    resolvePrincipal: principalFromRequest,
    onToolCall: observeToolCalls(lumen.logger, lumen.toolCalls),
    onInternalError: (error, tool) => lumen.logger.error('tool.internal_error', { tool, error }),
  });
}

/** Authentication by the host's resolver: null is 401, a principal runs the request as it. */
export function resolverAuth(
  resolve: (c: Context) => Promise<Principal | null>,
): MiddlewareHandler<PrincipalEnv> {
  return async (c, next) => {
    const principal = await resolve(c);
    if (!principal) {
      const body = jsonRpcError(-32001, 'Unauthorized: sign in to use the Lumen tools.');
      return c.json(
        { ...body, error: { ...body.error, data: { code: 'mcp.token_required' } } },
        401,
        {
          'Cache-Control': 'no-store',
        },
      );
    }
    c.set('principal', principal);
    await runWithPrincipal(principal, () => next());
    return undefined;
  };
}

/**
 * Lumen's MCP endpoint (the nine tools over streamable HTTP, stateless) as a Hono
 * sub-app for your own server:
 *
 * ```ts
 * const app = new Hono();
 * app.route('/mcp', lumenMcp(lumen, { resolvePrincipal: async (c) => sessionUser(c) }));
 * ```
 *
 * With `resolvePrincipal`, your users and sessions decide who calls; without it, the
 * caller needs a Lumen access token (mount {@link lumenOAuth} too, and set
 * LUMEN_PUBLIC_URL to the origin this is served from, since tokens are bound to
 * `<LUMEN_PUBLIC_URL>/mcp`).
 */
export function lumenMcp(lumen: Lumen, options: LumenMcpOptions = {}): Hono<PrincipalEnv> {
  const authenticate = options.resolvePrincipal
    ? resolverAuth(options.resolvePrincipal)
    : lumenAuth(lumen).bearer;
  return mcpEndpoint({
    authenticate,
    serverFactory: lumenServerFactory(lumen),
    maxBodyBytes: options.maxBodyBytes ?? lumen.config.http.maxBodyBytes,
    guard: options.guard,
  });
}
