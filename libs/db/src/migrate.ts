import { createHash } from 'node:crypto';

import { DbError } from './errors.js';
import type { Migration } from './migration.js';
import { coreMigrations, optionalMigrations } from './migrations.generated.js';
import type { SqlSession } from './sql-session.js';

/** Arbitrary but fixed: every Lumen process migrating one database takes this lock. */
const MIGRATION_LOCK_KEY = 727_001;

export interface MigrateResult {
  applied: string[];
  /** Whether the pgvector extension (and the embeddings table) is available. */
  vector: boolean;
}

const checksum = (sql: string) => createHash('sha256').update(sql).digest('hex');

/**
 * Applies the checked-in SQL migrations in order, each in its own transaction, under a
 * session advisory lock so that replicas starting together migrate once. Applied
 * migrations are recorded with a checksum; an edited, already-applied migration stops
 * start-up rather than silently diverging. The pgvector migration is applied only
 * where the extension is available.
 */
export async function migrate(session: SqlSession): Promise<MigrateResult> {
  const current = await alreadyCurrent(session);
  if (current) return { applied: [], vector: current.vector };
  await session.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
  try {
    await session.exec(`CREATE TABLE IF NOT EXISTS "_lumen_migrations" (
      "name" TEXT PRIMARY KEY,
      "checksum" TEXT NOT NULL,
      "applied_at" TIMESTAMPTZ NOT NULL DEFAULT now()
    )`);
    const rows = await session.query<{ name: string; checksum: string }>(
      'SELECT name, checksum FROM "_lumen_migrations"',
    );
    const done = new Map(rows.map((r) => [r.name, r.checksum]));
    const applied: string[] = [];
    for (const migration of coreMigrations) {
      if (await applyOne(session, migration, done)) applied.push(migration.name);
    }
    const vectorAvailable =
      (await session.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'vector'`)).length >
      0;
    let vector = false;
    if (vectorAvailable) {
      for (const migration of optionalMigrations) {
        if (await applyOne(session, migration, done)) applied.push(migration.name);
      }
      vector = true;
    }
    return { applied, vector };
  } finally {
    await session.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
  }
}

/**
 * The usual start: every migration this build ships is already recorded, with its
 * checksum. One read of the ledger says so, without the advisory lock, the `CREATE
 * TABLE IF NOT EXISTS` and the scan of the installed extensions (on the embedded
 * database those three took most of a cold start's migration step). Anything else — no
 * ledger yet, a pending or edited migration, pgvector newly installed — goes through the
 * locked path above, which applies or reports it. Migrations are only ever added, so
 * a ledger holding all of them cannot be made stale by a concurrent migrator.
 */
async function alreadyCurrent(session: SqlSession): Promise<{ vector: boolean } | null> {
  let rows: { name: string; checksum: string }[];
  try {
    rows = await session.query('SELECT name, checksum FROM "_lumen_migrations"');
  } catch {
    return null; // a new database: no ledger yet
  }
  const done = new Map(rows.map((r) => [r.name, r.checksum]));
  const recorded = (migrations: readonly Migration[]) =>
    migrations.every((m) => done.get(m.name) === checksum(m.sql));
  if (!recorded(coreMigrations)) return null;
  if (recorded(optionalMigrations)) return { vector: true };
  // Not applied: current only while pgvector is still unavailable.
  if (optionalMigrations.some((m) => done.has(m.name))) return null;
  const available = await session.query(
    `SELECT 1 FROM pg_available_extensions WHERE name = 'vector'`,
  );
  return available.length > 0 ? null : { vector: false };
}

async function applyOne(
  session: SqlSession,
  migration: Migration,
  done: ReadonlyMap<string, string>,
): Promise<boolean> {
  const sum = checksum(migration.sql);
  const recorded = done.get(migration.name);
  if (recorded !== undefined) {
    if (recorded !== sum) {
      throw new DbError(
        'db.migration.checksum',
        `Migration ${migration.name} was changed after it was applied to this database.`,
      );
    }
    return false;
  }
  await session.exec('BEGIN');
  try {
    await session.exec(migration.sql);
    await session.query('INSERT INTO "_lumen_migrations" (name, checksum) VALUES ($1, $2)', [
      migration.name,
      sum,
    ]);
    await session.exec('COMMIT');
    return true;
  } catch (cause) {
    await session.exec('ROLLBACK');
    throw new DbError('db.migration.failed', `Migration ${migration.name} failed.`, { cause });
  }
}
