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

/** Creates a uniquely named database next to `adminUrl`; close() drops it. */
export async function openScratchPostgres(adminUrl: string): Promise<Db> {
  const base = normalizeDatabaseUrl(adminUrl);
  const name = `lumen_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  const db = await createDb({ url: url.toString(), poolSize: 20 });
  return {
    ...db,
    close: async () => {
      await db.close();
      const drop = new pg.Client({ connectionString: base });
      await drop.connect();
      try {
        await drop.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await drop.end();
      }
    },
  };
}
