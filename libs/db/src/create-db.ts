import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { PGlite } from '@electric-sql/pglite';
import type { PrismaPGlite as PrismaPGliteClass } from 'pglite-prisma-adapter';

import { acquireDataDirLock } from './data-dir-lock.js';
import { normalizeDatabaseUrl, redactDatabaseUrl } from './database-url.js';
import { pgListen, pgliteListen } from './listen.js';
import type { Listen, Subscription } from './listen.js';
import type { PrismaClient } from './generated/prisma/client.js';
import { migrate } from './migrate.js';
import type { SqlSession } from './sql-session.js';
import { createPgliteSql, createPgSql } from './sql.js';
import type { Sql } from './sql.js';

export type LumenPrisma = PrismaClient;

export interface DbOptions {
  /** A PostgreSQL URL. Without one, the embedded database (PGlite) is used. */
  url?: string | undefined;
  /** Folder of the embedded database. Required when `url` is absent, unless `memory`. */
  dataDir?: string | undefined;
  /** Embedded database kept in memory only (tests, throwaway runs). */
  memory?: boolean | undefined;
  /** Apply pending migrations while opening (default true). */
  migrate?: boolean | undefined;
  /** Pool size for PostgreSQL (default 10). */
  poolSize?: number | undefined;
  /** Receives one-line diagnostics (stderr in the apps). */
  log?: ((line: string) => void) | undefined;
}

export interface Db {
  readonly prisma: LumenPrisma;
  /** Lean raw SQL on the same connections as `prisma`, for hot paths (see sql.ts). */
  readonly sql: Sql;
  readonly kind: 'embedded' | 'postgres';
  /** Human-readable location, password redacted. */
  readonly location: string;
  /** Whether pgvector (and the embeddings table) is available. */
  readonly vector: boolean;
  /** LISTEN/NOTIFY, for caches that must hear about other writers (see listen.ts). */
  readonly listen: Listen;
  /** Throws if the database does not answer within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Subscriptions still open when the database closes are closed with it. */
function tracked(listen: Listen): { listen: Listen; closeAll: () => Promise<void> } {
  const open = new Set<Subscription>();
  return {
    listen: async (channel, handlers) => {
      const sub = await listen(channel, handlers);
      const entry: Subscription = {
        live: () => sub.live(),
        close: async () => {
          open.delete(entry);
          await sub.close();
        },
      };
      open.add(entry);
      return entry;
    },
    closeAll: async () => {
      await Promise.all([...open].map((sub) => sub.close()));
    },
  };
}

/**
 * Opens Lumen's database: PostgreSQL when a URL is given, otherwise PGlite on disk
 * (or in memory). Both go through Prisma driver adapters, so every service runs the
 * same code on either. Migrations are applied on open.
 *
 * The drivers and the Prisma client are imported here, on open, rather than at the top
 * of the module: a process loads only the driver it uses, and the Prisma client (its
 * runtime and adapter) loads while the database opens instead of before. Processes
 * that open the database first thing (the stdio server) thereby start PGlite's WASM
 * compilation and data-dir start-up before evaluating the rest of their modules.
 */
export async function createDb(options: DbOptions): Promise<Db> {
  return options.url ? openPostgres(options.url, options) : openEmbedded(options);
}

/** The Prisma client class with a driver adapter: loaded concurrently with the open. */
const loadPrismaClient = () =>
  import('./generated/prisma/client.js').then((module) => module.PrismaClient);

async function openPostgres(rawUrl: string, options: DbOptions): Promise<Db> {
  const url = normalizeDatabaseUrl(rawUrl);
  const prismaModules = Promise.all([loadPrismaClient(), import('@prisma/adapter-pg')]);
  prismaModules.catch(() => undefined); // awaited below, once the pool works
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its server (restart, failover) must not crash the process.
  pool.on('error', () => undefined);
  let vector = false;
  try {
    if (options.migrate !== false) {
      const client = await pool.connect();
      try {
        const session: SqlSession = {
          query: async (sql, params) => (await client.query(sql, params)).rows,
          exec: async (sql) => void (await client.query(sql)),
        };
        vector = (await migrate(session)).vector;
      } finally {
        client.release();
      }
    } else {
      const rows = await pool.query(`SELECT 1 FROM pg_extension WHERE extname = 'vector'`);
      vector = rows.rowCount !== 0;
    }
  } catch (error) {
    await pool.end();
    throw error;
  }
  if (!vector) {
    options.log?.(
      'pgvector is not installed on this PostgreSQL server: search runs lexical-only (install the "vector" extension to enable embeddings).',
    );
  }
  const [PrismaClient, { PrismaPg }] = await prismaModules.catch(async (error: unknown) => {
    await pool.end();
    throw error;
  });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const notifications = tracked(
    pgListen(
      () => new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 }),
      options.log,
    ),
  );
  return {
    prisma,
    sql: createPgSql(pool),
    listen: notifications.listen,
    kind: 'postgres',
    location: redactDatabaseUrl(url),
    vector,
    ping: (timeoutMs = 2_000) =>
      withTimeout(
        pool.query('SELECT 1').then(() => undefined),
        timeoutMs,
      ),
    close: async () => {
      await notifications.closeAll();
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/**
 * Server settings for the embedded database. PGlite runs one backend in this process, yet
 * its data dir carries initdb's defaults for a shared server (100 connections, 128 MB of
 * shared buffers), and most of its start-up went into setting up the shared memory those
 * imply: PGlite.create on the demo data dir took a median ~1.0 s with the defaults and
 * ~0.57 s with these (this machine, 6 runs each). Pages beyond 16 MB come from the OS
 * page cache, one read away.
 */
const EMBEDDED_SETTINGS = ['-c', 'shared_buffers=16MB', '-c', 'max_connections=10'];

async function openEmbedded(options: DbOptions): Promise<Db> {
  let release: (() => void) | undefined;
  let dataDir: string | undefined;
  if (!options.memory) {
    if (!options.dataDir) throw new Error('createDb: dataDir is required without url or memory');
    mkdirSync(options.dataDir, { recursive: true });
    release = acquireDataDirLock(options.dataDir);
    dataDir = join(options.dataDir, 'pgdata');
  }
  let pglite: PGlite | undefined;
  const prismaModules = Promise.all([loadPrismaClient(), import('pglite-prisma-adapter')]);
  prismaModules.catch(() => undefined); // awaited below, once the database is open
  let PrismaClient: Awaited<ReturnType<typeof loadPrismaClient>>;
  let PrismaPGlite: typeof PrismaPGliteClass;
  try {
    const [{ PGlite }, { vector: pgvector }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('@electric-sql/pglite-pgvector'),
    ]);
    pglite = await PGlite.create({
      ...(dataDir ? { dataDir } : {}),
      extensions: { vector: pgvector },
      startParams: [...PGlite.defaultStartParams, ...EMBEDDED_SETTINGS],
    });
    const client = pglite;
    if (options.migrate !== false) {
      await migrate({
        query: async (sql, params) => (await client.query(sql, params)).rows as never[],
        exec: async (sql) => void (await client.exec(sql)),
      });
    }
    [PrismaClient, { PrismaPGlite }] = await prismaModules;
  } catch (error) {
    await pglite?.close().catch(() => undefined);
    release?.();
    throw error;
  }
  const client = pglite;
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(client) });
  const notifications = tracked(pgliteListen(client));
  return {
    prisma,
    sql: createPgliteSql(client),
    listen: notifications.listen,
    kind: 'embedded',
    location: options.memory ? 'embedded (in memory)' : `embedded (${options.dataDir})`,
    vector: true,
    ping: (timeoutMs = 2_000) =>
      withTimeout(
        client.query('SELECT 1').then(() => undefined),
        timeoutMs,
      ),
    close: async () => {
      await notifications.closeAll();
      await prisma.$disconnect();
      if (!client.closed) await client.close();
      release?.();
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`database did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
