/**
 * @lumen/mcp-hono — Lumen over HTTP, as Hono pieces: the MCP endpoint to mount in any
 * Hono app (`lumenMcp`), the OAuth authorization server (`lumenOAuth`), and the full
 * hosted app (`createHttpApp`, `startHttpServer`) that apps/mcp-http and
 * `lumen-mcp --transport http` run.
 */
export { lumenMcp, mcpEndpoint, lumenServerFactory, resolverAuth } from './lumen-mcp.js';
export type { LumenMcpOptions, McpEndpointParts, McpServerFactory } from './lumen-mcp.js';
export { lumenAuth, lumenOAuth } from './lumen-auth.js';
export { startHttpServer, closeOnSignals } from './server.js';
export type { RunningHttpServer } from './server.js';
export { createHttpApp } from './app.js';
export type { HttpAppDeps } from './app.js';
export { createAuthWiring } from './auth-wiring.js';
export type { AuthWiring, AuthWiringDeps } from './auth-wiring.js';
export { defaultAllowed, hostGuard } from './host-guard.js';
export type { PrincipalEnv } from './oauth/index.js';
