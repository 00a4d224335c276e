/**
 * Test support: the real HTTP app (OAuth routes, bearer auth, /mcp, admin and learner
 * REST) composed on a test database and served on a loopback port, the way
 * startHttpServer does it, but on a Db the test owns so both PGlite and PostgreSQL run
 * the same suite. Clients are minted with a cheap argon2 cost: verification reads the
 * cost back from the stored hash, so the token endpoint stays fast too.
 */
import type { Server as NodeServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { serve } from '@hono/node-server';
import { createClientRegistry, createPasswords } from '@lumen/auth';
import type { MintResult } from '@lumen/auth';
import type { Db } from '@lumen/db';
import { createCatalogCache, DEMO_PASSWORD, seedDemoData } from '@lumen/domain';
import { createLumenServerFactory } from '@lumen/mcp-tools';

import { createHttpApp } from '../app.js';
import { createAuthWiring } from '../auth-wiring.js';
import { loadConfig } from '@lumen/platform';
import type { LumenConfig } from '@lumen/platform';
import { createLogger } from '@lumen/platform';
import { principalFromRequest } from '../mcp-route.js';
import { createServices } from '@lumen/platform';

export const CHEAP_ARGON2 = { memoryKiB: 256, iterations: 1, parallelism: 1 };
export const TEST_JWT_SECRET = 'mcp-http-e2e-tests-secret-0123456789abcdef';

export interface TestHttpServer {
  /** `http://127.0.0.1:<port>`, also the OAuth issuer. */
  baseUrl: string;
  mcpUrl: string;
  config: LumenConfig;
  /** Every JSON log line the app wrote. */
  logLines: string[];
  mint(ownerEmail: string, scopes: string, name?: string): Promise<MintResult>;
  close(): Promise<void>;
}

// `env` carries @hono/node-server's { incoming, outgoing }, as in production.
type FetchHandler = (request: Request, env?: unknown) => Response | Promise<Response>;

/** Listens on an ephemeral loopback port first: the app's URLs depend on the port. */
async function listen(handler: () => FetchHandler): Promise<NodeServer> {
  return new Promise<NodeServer>((resolve) => {
    const server = serve(
      { fetch: (request, env) => handler()(request, env), port: 0, hostname: '127.0.0.1' },
      () => resolve(server as NodeServer),
    ) as NodeServer;
  });
}

export interface TestHttpServerOptions {
  /** The server's clock (token expiry, code lifetimes); default the system clock. */
  clock?: () => Date;
  /** Extra CA certificates (PEM) trusted when fetching client metadata documents. */
  cimdCa?: string;
  /** Serve with LUMEN_PUBLIC_URL unset, so loopback requests use their own origin. */
  implicitPublicUrl?: boolean;
}

/** Starts the app on `db`. `env` adds to or overrides the test configuration. */
export async function startTestHttpServer(
  db: Db,
  env: Readonly<Record<string, string>> = {},
  options: TestHttpServerOptions = {},
): Promise<TestHttpServer> {
  let fetchHandler: FetchHandler = () => new Response('starting', { status: 503 });
  const node = await listen(() => fetchHandler);
  const port = (node.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    PORT: String(port),
    ...(options.implicitPublicUrl ? {} : { LUMEN_PUBLIC_URL: baseUrl }),
    JWT_SECRET: TEST_JWT_SECRET,
    LLM_PROVIDER: 'noop',
    FSRS_ENABLE_FUZZ: 'false',
    ...env,
  });
  const logLines: string[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => void logLines.push(line) });
  // As in server.ts: listings are remembered, so the suites exercise the catalog cache.
  const catalogCache = createCatalogCache(db);
  const services = createServices(db, config, { catalogCache });
  const auth = createAuthWiring({
    db,
    config,
    jwtSecret: TEST_JWT_SECRET,
    clock: options.clock,
    hashParams: CHEAP_ARGON2,
    ...(options.cimdCa ? { cimdCa: options.cimdCa } : {}),
  });
  const serverFactory = createLumenServerFactory({
    services,
    resolvePrincipal: principalFromRequest,
    onToolCall: (event) => logger.info('tool.call', { ...event }),
    onInternalError: (error, tool) => logger.error('tool.internal_error', { tool, error }),
  });
  const app = createHttpApp({
    config,
    db,
    services,
    auth,
    serverFactory,
    logger,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  fetchHandler = app.fetch;
  const registry = createClientRegistry({ db, hashParams: CHEAP_ARGON2 });
  return {
    baseUrl,
    mcpUrl: config.http.mcpUrl,
    config,
    logLines,
    mint: (ownerEmail, scopes, name = 'e2e client') => registry.mint({ ownerEmail, name, scopes }),
    close: async () => {
      await new Promise<void>((resolve) => {
        node.close(() => resolve());
        node.closeAllConnections();
      });
      await catalogCache.close();
      await auth.clientCache.close();
      await auth.hasher.close();
    },
  };
}

/** POST /oauth/token with client_secret_post, as a client without the SDK would. */
export async function fetchAccessToken(baseUrl: string, client: MintResult): Promise<string> {
  const response = await fetch(`${baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.clientSecret,
    }).toString(),
  });
  if (response.status !== 200)
    throw new Error(`token endpoint answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** The demo data, with the demo users able to sign in with DEMO_PASSWORD (cheap argon2). */
export async function seedDemoDataWithPasswords(db: Db): Promise<void> {
  const demoPasswordHash = await createPasswords({ db, hashParams: CHEAP_ARGON2 }).hash(
    DEMO_PASSWORD,
  );
  await seedDemoData(db, new Date(), { demoPasswordHash });
}
