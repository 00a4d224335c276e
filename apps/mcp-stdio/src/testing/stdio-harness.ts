/**
 * Test support for the stdio smoke tests: builds the bundled `lumen-mcp` (and the
 * `lumen` CLI) when their sources changed, prepares a seeded database with minted
 * clients, and spawns the BUILT server behind a real SDK client, as Claude Desktop
 * would.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createClientRegistry } from '@lumen/auth';
import type { MintResult } from '@lumen/auth';
import { createDb } from '@lumen/db';
import type { Db } from '@lumen/db';
import { copyMigratedDataDir, openScratchPostgres } from '@lumen/db/testing';
import { seedDemoData } from '@lumen/domain';
import { ensureAppsBuilt } from '@lumen/mcp-hono/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

export const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
export const STDIO_BIN = join(ROOT, 'apps/mcp-stdio/dist/main.js');
export const CLI_BIN = join(ROOT, 'apps/cli/dist/main.js');
const CHEAP_ARGON2 = { memoryKiB: 256, iterations: 1, parallelism: 1 };

/** Rebuilds the bundles when any workspace source is newer, so the test never runs stale code. */
export function ensureBuilt(): void {
  ensureAppsBuilt(['apps/mcp-stdio', 'apps/cli']);
}

/** A seeded database the spawned servers use, and the clients minted on it. */
export interface PreparedDatabase {
  /** Environment that points `lumen-mcp` / `lumen` at the database. */
  env: Record<string, string>;
  learner: MintResult;
  /** An instructor's client: passes every role gate, so tool arguments themselves are judged. */
  teacher: MintResult;
  /** A second learner client, for the Inspector runs. */
  inspector: MintResult;
  /** Minted and revoked before any server starts. */
  revoked: MintResult;
  /** Open on PostgreSQL (several processes may share it); undefined on the embedded database. */
  db: Db | undefined;
  registry: ReturnType<typeof createClientRegistry> | undefined;
  close(): Promise<void>;
}

async function seedAndMint(db: Db) {
  await seedDemoData(db, new Date());
  const registry = createClientRegistry({ db, hashParams: CHEAP_ARGON2 });
  const learner = await registry.mint({
    ownerEmail: 'learner@lumen.test',
    name: 'stdio e2e',
    scopes: '*',
  });
  const teacher = await registry.mint({
    ownerEmail: 'teacher@lumen.test',
    name: 'stdio e2e teacher',
    scopes: '*',
  });
  const inspector = await registry.mint({
    ownerEmail: 'learner@lumen.test',
    name: 'inspector',
    scopes: '*',
  });
  const revoked = await registry.mint({
    ownerEmail: 'learner@lumen.test',
    name: 'revoked',
    scopes: '*',
  });
  await registry.revoke(revoked.clientId, new Date());
  return { registry, learner, teacher, inspector, revoked };
}

/**
 * The embedded database lives in a temp LUMEN_DATA_DIR. It is seeded here and closed
 * before any server spawns: PGlite allows one process per data directory.
 */
export async function prepareEmbedded(): Promise<PreparedDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lumen-stdio-e2e-'));
  await copyMigratedDataDir(dataDir);
  const db = await createDb({ dataDir });
  const { learner, teacher, inspector, revoked } = await seedAndMint(db);
  await db.close();
  return {
    env: { LUMEN_DATA_DIR: dataDir },
    learner,
    teacher,
    inspector,
    revoked,
    db: undefined,
    registry: undefined,
    close: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

/** A scratch PostgreSQL database, kept open so the test can revoke while a server runs. */
export async function preparePostgres(adminUrl: string): Promise<PreparedDatabase> {
  const db = await openScratchPostgres(adminUrl);
  const { registry, learner, teacher, inspector, revoked } = await seedAndMint(db);
  // db.location is the URL with its password redacted; put the password back.
  const url = new URL(db.location);
  const password = new URL(adminUrl).password;
  if (password) url.password = password;
  return {
    env: { DATABASE_URL: url.toString() },
    learner,
    teacher,
    inspector,
    revoked,
    db,
    registry,
    close: () => db.close(),
  };
}

export interface SpawnedServer {
  client: Client;
  /** Every complete stderr line so far. */
  stderrLines: string[];
  pid: number | undefined;
  close(): Promise<void>;
}

/** Spawns `node apps/mcp-stdio/dist/main.js` with `env` and connects an SDK client to it. */
export async function spawnStdioServer(env: Record<string, string>): Promise<SpawnedServer> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [STDIO_BIN],
    env: { LLM_PROVIDER: 'noop', FSRS_ENABLE_FUZZ: 'false', ...env },
    stderr: 'pipe',
    cwd: ROOT,
  });
  const stderrLines: string[] = [];
  let partial = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    stderrLines.push(...lines.filter((l) => l !== ''));
  });
  const client = new Client({ name: 'lumen-stdio-e2e', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderrLines, pid: transport.pid ?? undefined, close: () => client.close() };
}

/** Runs the built `lumen` CLI and collects its output. */
export function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? tmpdir(), ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}
