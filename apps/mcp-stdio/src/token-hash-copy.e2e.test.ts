/**
 * The copy of the token's stored hash that lets a stdio server on the embedded database
 * verify LUMEN_MCP_AUTH_TOKEN in a worker thread while PGlite opens (token-check.ts):
 * written after a successful check, and never trusted over the database row — a planted,
 * stale or revoked client's copy leaves the answers exactly as they were without one.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createClientRegistry, inThreadHasher } from '@lumen/auth';
import { createDb } from '@lumen/db';
import type { Db } from '@lumen/db';

import {
  ensureBuilt,
  prepareEmbedded,
  preparePostgres,
  runCli,
  spawnStdioServer,
} from './testing/stdio-harness.js';
import type { PreparedDatabase } from './testing/stdio-harness.js';

const CHEAP_ARGON2 = { memoryKiB: 256, iterations: 1, parallelism: 1 };

beforeAll(() => ensureBuilt());

/** Starts a server with `token`, makes one call, stops it; returns the call's error code or 'ok'. */
async function firstCall(env: Record<string, string>, token: string): Promise<string> {
  const server = await spawnStdioServer({ ...env, LUMEN_MCP_AUTH_TOKEN: token });
  try {
    const result = await server.client.callTool({ name: 'list_courses', arguments: {} });
    if (!result.isError) return 'ok';
    const [content] = result.content as Array<{ text: string }>;
    return content!.text.split(':')[0]!;
  } finally {
    await server.close();
  }
}

describe('the stdio token hash copy on the embedded database', () => {
  let prepared: PreparedDatabase;
  let dataDir: string;
  beforeAll(async () => {
    prepared = await prepareEmbedded();
    dataDir = prepared.env['LUMEN_DATA_DIR']!;
  }, 180_000);
  afterAll(() => prepared?.close());

  const copyOf = (clientId: string) => join(dataDir, 'mcp-client-hashes', `${clientId}.phc`);
  const readCopy = (clientId: string) => readFileSync(copyOf(clientId), 'utf8').trim();
  const plant = (clientId: string, phc: string) => {
    mkdirSync(join(dataDir, 'mcp-client-hashes'), { recursive: true });
    writeFileSync(copyOf(clientId), `${phc}\n`);
  };
  /** Opens the data dir while no server runs (each test stops its servers). */
  async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    const db = await createDb({ dataDir });
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  }
  const storedHash = (clientId: string) =>
    withDb(async (db) => {
      const [row] = await db.sql<{ hash: string }>`
        SELECT client_secret_hash AS hash FROM mcp_clients WHERE client_id = ${clientId}`;
      return row!.hash;
    });

  it('keeps a copy of the stored hash after the first check, and answers from it next time', async () => {
    const { clientId, clientSecret } = prepared.learner;
    expect(existsSync(copyOf(clientId))).toBe(false);
    expect(await firstCall(prepared.env, clientSecret)).toBe('ok');
    expect(readCopy(clientId)).toBe(await storedHash(clientId));
    expect(await firstCall(prepared.env, clientSecret)).toBe('ok');
  }, 120_000);

  it('refuses a forged secret whose own hash was planted as the copy', async () => {
    const { clientId, clientSecret } = prepared.teacher;
    const forged = `lumen_sk_${clientId}_${'A'.repeat(43)}`;
    const planted = await inThreadHasher.hash(forged, { params: CHEAP_ARGON2 });
    plant(clientId, planted);
    expect(await firstCall(prepared.env, forged)).toBe('mcp.invalid_token');
    // The real secret still works, and the copy is the database's hash again.
    expect(await firstCall(prepared.env, clientSecret)).toBe('ok');
    expect(readCopy(clientId)).toBe(await storedHash(clientId));
  }, 120_000);

  it('refuses a client revoked, or whose stored hash changed, after it was copied', async () => {
    const [revoked, changed] = await withDb(async (db) => {
      const registry = createClientRegistry({ db, hashParams: CHEAP_ARGON2 });
      const mint = (name: string) =>
        registry.mint({ ownerEmail: 'learner@lumen.test', name, scopes: '*' });
      return [await mint('to revoke'), await mint('to change')];
    });
    for (const client of [revoked, changed]) {
      expect(await firstCall(prepared.env, client.clientSecret)).toBe('ok');
      expect(readCopy(client.clientId)).toBe(await storedHash(client.clientId));
    }
    const revokedByCli = await runCli(['mcp-clients', 'revoke', revoked.clientId], prepared.env);
    expect(revokedByCli.code).toBe(0);
    const otherHash = await inThreadHasher.hash('some other secret', { params: CHEAP_ARGON2 });
    await withDb(
      (db) => db.sql`
        UPDATE mcp_clients SET client_secret_hash = ${otherHash} WHERE client_id = ${changed.clientId}`,
    );
    expect(await firstCall(prepared.env, revoked.clientSecret)).toBe('mcp.client_revoked');
    expect(await firstCall(prepared.env, changed.clientSecret)).toBe('mcp.invalid_token');
  }, 180_000);
});

const adminUrl = process.env['TEST_DATABASE_URL'];
// Defined only where PostgreSQL is configured (no skipped test in the report).
const notHere = (() => undefined) as unknown as typeof describe;
const onPostgres = adminUrl ? describe : notHere;

onPostgres('the stdio token check on PostgreSQL', () => {
  let prepared: PreparedDatabase;
  let dataDir: string;
  beforeAll(async () => {
    prepared = await preparePostgres(adminUrl!);
    dataDir = mkdtempSync(join(tmpdir(), 'lumen-stdio-pg-'));
  });
  afterAll(async () => {
    await prepared?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes no copy into a local data dir: that database is not stored there', async () => {
    const env = { ...prepared.env, LUMEN_DATA_DIR: dataDir };
    expect(await firstCall(env, prepared.learner.clientSecret)).toBe('ok');
    expect(existsSync(join(dataDir, 'mcp-client-hashes'))).toBe(false);
  }, 120_000);
});
