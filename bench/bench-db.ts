import { createDb } from '@lumen/db';
import type { Db } from '@lumen/db';
import { openScratchPostgres } from '@lumen/db/testing';

/**
 * The database a quality bench runs on: `postgres`, a scratch database created (and
 * dropped on close) through BENCH_DATABASE_URL; anything else, an in-memory PGlite.
 */
export function openBenchDb(kind: string): Promise<Db> {
  return kind === 'postgres'
    ? openScratchPostgres(
        process.env['BENCH_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
      )
    : createDb({ memory: true });
}
