/**
 * Test support: the databases a suite runs against. Always the embedded PGlite (in
 * memory); also real PostgreSQL when TEST_DATABASE_URL is set, each opener getting a
 * fresh database of its own that is dropped on close.
 */
import { randomBytes } from 'node:crypto';

import pg from 'pg';

import { createDb } from '../create-db.js';
import type { Db } from '../create-db.js';
import { normalizeDatabaseUrl } from '../database-url.js';

export type TestDbKind = 'pglite' | 'postgres';
export type OpenTestDb = () => Promise<Db>;

export function testDatabases(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Array<[TestDbKind, OpenTestDb]> {
  const out: Array<[TestDbKind, OpenTestDb]> = [['pglite', () => createDb({ memory: true })]];
  const adminUrl = env['TEST_DATABASE_URL'];
  if (adminUrl) out.push(['postgres', () => openScratchPostgres(adminUrl)]);
  return out;
}

/**
 * Creates an empty, uniquely named database next to `adminUrl`, for tests that open
 * their own connections (spawned servers, the CLI). drop() removes it.
 */
export async function createScratchPostgres(
  adminUrl: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = normalizeDatabaseUrl(adminUrl);
  const name = `lumen_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/** Creates a uniquely named, migrated database next to `adminUrl`; close() drops it. */
export async function openScratchPostgres(adminUrl: string): Promise<Db> {
  const scratch = await createScratchPostgres(adminUrl);
  const db = await createDb({ url: scratch.url, poolSize: 20 });
  return {
    ...db,
    close: async () => {
      await db.close();
      await scratch.drop();
    },
  };
}
