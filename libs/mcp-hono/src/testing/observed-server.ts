/**
 * Test support: the real HTTP server as `startHttpServer` composes it (tool-call
 * recorder, request ids, observability routes), on a throwaway embedded database or a
 * scratch PostgreSQL database, with its log lines captured. Clients are minted with a
 * cheap argon2 cost; verification reads the cost back from the stored hash.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createClientRegistry } from '@lumen/auth';
import type { MintResult } from '@lumen/auth';
import { copyMigratedDataDir, createScratchPostgres } from '@lumen/db/testing';

import { loadConfig } from '@lumen/platform';
import { createLogger } from '@lumen/platform';
import { startHttpServer } from '../server.js';
import { fetchAccessToken } from './http-harness.js';
import type { RunningHttpServer } from '../server.js';

export const CHEAP_ARGON2 = { memoryKiB: 256, iterations: 1, parallelism: 1 };
export const JWT_SECRET = 'observability-tests-secret-0123456789abcdef';

type DatabaseEnv = { env: Record<string, string>; cleanup: () => Promise<void> };
export type ServerDbKind = 'pglite' | 'postgres';

/**
 * Like testDatabases(): embedded always, PostgreSQL when TEST_DATABASE_URL is set, both
 * already migrated (the server only checks the migrations when it starts).
 */
export function serverDatabases(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Array<[ServerDbKind, () => Promise<DatabaseEnv>]> {
  const out: Array<[ServerDbKind, () => Promise<DatabaseEnv>]> = [
    [
      'pglite',
      async () => {
        const dir = await mkdtemp(join(tmpdir(), 'lumen-observability-'));
        await copyMigratedDataDir(dir);
        return {
          env: { LUMEN_DATA_DIR: dir },
          cleanup: () => rm(dir, { recursive: true, force: true }),
        };
      },
    ],
  ];
  const adminUrl = env['TEST_DATABASE_URL'];
  if (adminUrl) {
    out.push([
      'postgres',
      async () => {
        const scratch = await createScratchPostgres(adminUrl, { migrated: true });
        return { env: { DATABASE_URL: scratch.url }, cleanup: scratch.drop };
      },
    ]);
  }
  return out;
}

export interface ObservedServer {
  baseUrl: string;
  server: RunningHttpServer;
  logLines: string[];
  mint(ownerEmail: string, name: string): Promise<MintResult>;
  accessToken(client: MintResult): Promise<string>;
  /** One raw JSON-RPC tools/call; resolves with the response body. */
  callTool(
    token: string,
    name: string,
    args: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<unknown>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export async function startObservedServer(
  database: DatabaseEnv,
  env: Readonly<Record<string, string>> = {},
): Promise<ObservedServer> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    PORT: String(port),
    LUMEN_PUBLIC_URL: baseUrl,
    JWT_SECRET,
    LLM_PROVIDER: 'noop',
    FSRS_ENABLE_FUZZ: 'false',
    ...database.env,
    ...env,
  });
  const logLines: string[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => void logLines.push(line) });
  const server = await startHttpServer(config, logger);
  const registry = createClientRegistry({ db: server.db, hashParams: CHEAP_ARGON2 });
  let id = 0;
  return {
    baseUrl,
    server,
    logLines,
    mint: (ownerEmail, name) => registry.mint({ ownerEmail, name, scopes: '*' }),
    accessToken: (client) => fetchAccessToken(baseUrl, client),
    async callTool(token, name, args, headers = {}) {
      const response = await fetch(`${baseUrl}/mcp`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          authorization: `Bearer ${token}`,
          ...headers,
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: ++id,
          method: 'tools/call',
          params: { name, arguments: args },
        }),
      });
      return response.json();
    },
    async close() {
      await server.close();
      await database.cleanup();
    },
  };
}
