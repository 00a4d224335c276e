import { mkdirSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import type pgTypes from 'pg';

import { describeOwner, tryAcquireDataDirLock } from './data-dir-lock.js';
import type { LockOwner } from './data-dir-lock.js';
import { normalizeDatabaseUrl, redactDatabaseUrl } from './database-url.js';
import { ownEmbedded } from './embedded-owner.js';
import type { OwnedEmbedded } from './embedded-owner.js';
import { DbError } from './errors.js';
import { pgListen } from './listen.js';
import type { Listen, Subscription } from './listen.js';
import type { PrismaClient } from './generated/prisma/client.js';
import { migrate } from './migrate.js';
import type { SqlSession } from './sql-session.js';
import { createPgliteSql, createPgSql } from './sql.js';
import type { PglitePreparedApi } from './sql.js';
import type { Sql } from './sql.js';

export type LumenPrisma = PrismaClient;

export interface DbOptions {
  /** A PostgreSQL URL. Without one, the embedded database (PGlite) is used. */
  url?: string | undefined;
  /** Folder of the embedded database. Required when `url` is absent, unless `memory`. */
  dataDir?: string | undefined;
  /** Embedded database kept in memory only (tests, throwaway runs). */
  memory?: boolean | undefined;
  /**
   * In memory: start from this copy of a data dir (PGlite's dumpDataDir) instead of an
   * empty database. The test helpers use it to skip initdb and the migrations.
   */
  loadDataDir?: Blob | undefined;
  /**
   * Apply pending migrations while opening (default true). A process attaching to an
   * embedded data dir another one owns migrates only with `true` given explicitly.
   */
  migrate?: boolean | undefined;
  /** Pool size for PostgreSQL (default 10). */
  poolSize?: number | undefined;
  /**
   * Embedded on disk: how long to wait for the data dir's owner to answer on its socket
   * (it may still be creating or migrating the database) before failing with
   * db.embedded.locked (default 90 s).
   */
  attachWaitMs?: number | undefined;
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
  /**
   * The migrations this open applied, in order: empty when the database was already
   * current, or when it was opened without migrating (an attached process, `migrate: false`).
   */
  readonly appliedMigrations: readonly string[];
  /** LISTEN/NOTIFY, for caches that must hear about other writers (see listen.ts). */
  readonly listen: Listen;
  /** Throws if the database does not answer within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Subscriptions still open when the database closes are closed with it. */
function tracked(listen: Listen): { listen: Listen; closeAll: () => Promise<void> } {
  const open = new Set<Subscription>();
  let closed = false;
  return {
    listen: async (channel, handlers) => {
      const sub = await listen(channel, handlers);
      if (closed) {
        // The database closed while this subscription was connecting: a connection
        // left behind would reconnect forever after everything else is gone.
        await sub.close();
        return { live: () => false, close: async () => {} };
      }
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
      closed = true;
      await Promise.all([...open].map((sub) => sub.close()));
    },
  };
}

/**
 * Opens Lumen's database: PostgreSQL when a URL is given, otherwise the embedded
 * PostgreSQL (PGlite) on disk or in memory. Both go through Prisma driver adapters, so
 * every service runs the same code on either. Migrations are applied on open.
 *
 * An embedded data dir is shared by every local process that opens it: the first one
 * owns the files and serves them on a Unix socket in the data dir; the others attach
 * with the `pg` driver, as to any PostgreSQL. When the owner goes away (even killed),
 * the next attached process that needs the database takes the files over. A lock file
 * keeps it to one owner at a time.
 *
 * The drivers and the Prisma client are imported here, on open, rather than at the top
 * of the module: a process loads only the driver it uses, and the Prisma client (its
 * runtime and adapter) loads while the database opens instead of before. Processes
 * that open the database first thing (the stdio server) thereby start PGlite's WASM
 * compilation and data-dir start-up before evaluating the rest of their modules.
 */
export async function createDb(options: DbOptions): Promise<Db> {
  if (options.url) return openPostgres(options.url, options);
  if (options.memory)
    return openOwner(options, 'embedded (in memory)', {
      migrate: options.migrate,
      loadDataDir: options.loadDataDir,
    });
  if (!options.dataDir) throw new Error('createDb: dataDir is required without url or memory');
  return openShared(options.dataDir, options);
}

/** The Prisma client class with a driver adapter: loaded concurrently with the open. */
const loadPrismaClient = () =>
  import('./generated/prisma/client.js').then((module) => module.PrismaClient);

interface PoolTarget {
  config: pgTypes.ClientConfig;
  /** The client class for the pool and the listening connection (default pg.Client). */
  Client?: typeof pgTypes.Client;
  kind: Db['kind'];
  location: string;
  migrate: boolean;
  /** Runs after the pool has ended (an attached process gives back what it took over). */
  afterClose?: () => Promise<void>;
  /**
   * A new connection that fails is tried again (a fresh client) while this says so of
   * its error, for up to `ms`; so is a `pool.query` statement the server refused unrun
   * with 57P01 (admin_shutdown), as the embedded owner does while it exits.
   */
  retryConnect?: { retryable: (error: unknown) => boolean; ms: number };
}

/** PostgreSQL's admin_shutdown: the embedded owner refuses with it what it did not run. */
const refusedUnrun = (error: unknown) => (error as { code?: unknown })?.code === '57P01';

/**
 * pg.Pool whose `connect` (which `pool.query` goes through too) tries again with a new
 * client when connecting fails with an error `retry` calls passing, and whose promise
 * `query` (Prisma's statements outside transactions, db.sql's) runs again, on another
 * connection, a statement refused unrun. An attached process uses it for the moment its
 * owner exits: the connection it was opening, or the statement it was sending, is
 * refused, and the next connection takes the files over (see attach).
 */
function retryingPool(
  Pool: typeof pgTypes.Pool,
  retry: NonNullable<PoolTarget['retryConnect']>,
): typeof pgTypes.Pool {
  return class RetryingPool extends Pool {
    override connect(): Promise<pgTypes.PoolClient>;
    override connect(
      callback: (
        err: Error | undefined,
        client: pgTypes.PoolClient | undefined,
        done: (release?: unknown) => void,
      ) => void,
    ): void;
    override connect(
      callback?: (
        err: Error | undefined,
        client: pgTypes.PoolClient | undefined,
        done: (release?: unknown) => void,
      ) => void,
    ): Promise<pgTypes.PoolClient> | void {
      const deadline = Date.now() + retry.ms;
      const attempt = async (): Promise<pgTypes.PoolClient> => {
        for (;;) {
          try {
            return await super.connect();
          } catch (error) {
            if (this.ending || !retry.retryable(error) || Date.now() > deadline) throw error;
            await sleep(50);
          }
        }
      };
      const connected = attempt();
      if (!callback) return connected;
      connected.then(
        (client) => callback(undefined, client, (release) => client.release(release as boolean)),
        (error: Error) => callback(error, undefined, () => undefined),
      );
    }

    // Every overload of pg's query: only the promise form (no callback, no Submittable)
    // is retried; the others go through unchanged.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    override query(...args: any[]): any {
      const [first] = args as Array<{ submit?: unknown }>;
      if (typeof args.at(-1) === 'function' || typeof first?.submit === 'function')
        return super.query(...(args as Parameters<pgTypes.Pool['query']>));
      const deadline = Date.now() + retry.ms;
      const run = async (): Promise<unknown> => {
        for (;;) {
          try {
            return await super.query(...(args as Parameters<pgTypes.Pool['query']>));
          } catch (error) {
            if (this.ending || !refusedUnrun(error) || Date.now() > deadline) throw error;
          }
        }
      };
      return run();
    }
  };
}

/**
 * Each `db.sql` call site is a named prepared statement, meant to be planned once per
 * connection. With PostgreSQL's default `plan_cache_mode = auto` it was not: the server
 * judged the generic plans of the hot statements (a LIMIT or a range given as a
 * parameter) dearer than custom ones and re-planned on every execution, and planning cost
 * more than running (list_my_due_reviews: 0.17 ms planning for 0.09 ms execution).
 * The statements filter on keys (user, course, card) whose plans do not depend on the
 * values, so a new connection asks for generic plans. Sent as a statement on connect,
 * not as a startup option, which connection poolers such as PgBouncer refuse. A mode an
 * operator chose, `auto` included (postgresql.conf, ALTER ROLE / DATABASE … SET, or
 * DATABASE_URL `options=-c plan_cache_mode=…`), is left alone; a server without the
 * setting (before PostgreSQL 12) has no such row and is left alone too.
 */
const GENERIC_PLANS = `SELECT set_config('plan_cache_mode', 'force_generic_plan', false)
  FROM pg_settings WHERE name = 'plan_cache_mode' AND source = 'default'`;

/** The pool's `onConnect`: runs before the new connection is handed to anyone. */
async function preferGenericPlans(client: pgTypes.ClientBase): Promise<void> {
  await client.query(GENERIC_PLANS).catch(() => undefined);
}

function openPostgres(rawUrl: string, options: DbOptions): Promise<Db> {
  const url = normalizeDatabaseUrl(rawUrl);
  return openPool(
    {
      config: { connectionString: url },
      kind: 'postgres',
      location: redactDatabaseUrl(url),
      migrate: options.migrate !== false,
    },
    options,
  );
}

async function openPool(target: PoolTarget, options: DbOptions): Promise<Db> {
  const prismaModules = Promise.all([loadPrismaClient(), import('@prisma/adapter-pg')]);
  prismaModules.catch(() => undefined); // awaited below, once the pool works
  const { default: pg } = await import('pg');
  const Client = target.Client ?? pg.Client;
  const Pool = target.retryConnect ? retryingPool(pg.Pool, target.retryConnect) : pg.Pool;
  const pool = new Pool({
    ...target.config,
    Client: Client as unknown as pgTypes.PoolConfig['Client'],
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    ...(target.kind === 'postgres' ? { onConnect: preferGenericPlans } : {}),
  });
  // An idle client losing its server (restart, failover) must not crash the process.
  pool.on('error', () => undefined);
  const fail = async (error: unknown): Promise<never> => {
    await pool.end().catch(() => undefined);
    await target.afterClose?.().catch(() => undefined);
    throw error;
  };
  let vector = false;
  let appliedMigrations: readonly string[] = [];
  try {
    if (target.migrate) {
      const client = await pool.connect();
      try {
        const session: SqlSession = {
          query: async (sql, params) => (await client.query(sql, params)).rows,
          exec: async (sql) => void (await client.query(sql)),
        };
        ({ vector, applied: appliedMigrations } = await migrate(session));
      } finally {
        client.release();
      }
    } else {
      const rows = await pool.query(`SELECT 1 FROM pg_extension WHERE extname = 'vector'`);
      vector = rows.rowCount !== 0;
    }
  } catch (error) {
    return fail(error);
  }
  if (!vector && target.kind === 'postgres') {
    options.log?.(
      'pgvector is not installed on this PostgreSQL server: search runs lexical-only (install the "vector" extension to enable embeddings).',
    );
  }
  const [PrismaClient, { PrismaPg }] = await prismaModules.catch(fail);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const notifications = tracked(
    pgListen(() => new Client({ ...target.config, connectionTimeoutMillis: 5_000 }), options.log),
  );
  return {
    prisma,
    sql: createPgSql(pool),
    listen: notifications.listen,
    kind: target.kind,
    location: target.location,
    vector,
    appliedMigrations,
    ping: (timeoutMs = 2_000) =>
      withTimeout(
        pool.query('SELECT 1').then(() => undefined),
        timeoutMs,
      ),
    close: async () => {
      await notifications.closeAll();
      await prisma.$disconnect();
      await pool.end();
      await target.afterClose?.();
    },
  };
}

/** A Db on PGlite in this process: in memory, or as the owner of a data dir. */
async function openOwner(
  options: DbOptions,
  location: string,
  own: {
    dataDir?: string;
    socketPath?: string;
    release?: () => void;
    migrate?: boolean | undefined;
    loadDataDir?: Blob | undefined;
  },
): Promise<Db> {
  const prismaModules = Promise.all([loadPrismaClient(), import('pglite-prisma-adapter')]);
  prismaModules.catch(() => undefined); // awaited below, once the database is open
  const owned = await ownEmbedded({ ...own, log: options.log });
  const [PrismaClient, { PrismaPGlite }] = await prismaModules.catch(async (error: unknown) => {
    await owned.close();
    throw error;
  });
  const client = owned.pglite;
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(client) });
  // Already loaded by ownEmbedded: its protocol serialiser and result parser for db.sql's
  // prepared statements.
  const { protocol, parse } = await import('@electric-sql/pglite');
  const notifications = tracked(owned.hub.listen);
  return {
    prisma,
    sql: createPgliteSql(client, {
      client: client as unknown as PglitePreparedApi['client'],
      serialize: protocol.serialize as unknown as PglitePreparedApi['serialize'],
      parseResults: parse.parseResults as unknown as PglitePreparedApi['parseResults'],
    }),
    listen: notifications.listen,
    kind: 'embedded',
    location,
    vector: true,
    appliedMigrations: owned.appliedMigrations,
    ping: (timeoutMs = 2_000) =>
      withTimeout(
        client.query('SELECT 1').then(() => undefined),
        timeoutMs,
      ),
    close: async () => {
      await notifications.closeAll();
      await prisma.$disconnect();
      await owned.close();
    },
  };
}

/** How long a process waits for a data dir's owner to answer (it may be migrating). */
const ATTACH_WAIT_MS = 90_000;
/** Unix socket paths are limited to ~104-108 bytes depending on the platform. */
const MAX_SOCKET_PATH = 100;
/** pg finds a server's socket at `${host}/.s.PGSQL.${port}`. */
const SOCKET_PORT = 5432;

function socketPathOf(dataDir: string): string {
  const path = join(dataDir, `.s.PGSQL.${SOCKET_PORT}`);
  if (path.length > MAX_SOCKET_PATH)
    throw new DbError(
      'db.unavailable',
      `The embedded database folder path is too long to hold its socket (${path.length} > ${MAX_SOCKET_PATH} characters): set LUMEN_DATA_DIR to a shorter path.`,
    );
  return path;
}

function canConnect(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = netConnect(socketPath);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

function notAnswering(dataDir: string, owner: LockOwner | undefined, why: string): DbError {
  return new DbError(
    'db.embedded.locked',
    `The embedded database in ${dataDir} is open by ${describeOwner(owner)}, ${why}. ` +
      'Stop that process, or set DATABASE_URL to a PostgreSQL server.',
  );
}

/**
 * Waits until this process holds the data dir's lock (resolves with its release) or
 * another process serves the socket (resolves undefined), or `stop()` says to give up.
 */
async function lockOrServer(
  dataDir: string,
  socketPath: string,
  options: DbOptions,
  stop: () => boolean = () => false,
): Promise<(() => void) | undefined> {
  const wait = options.attachWaitMs ?? ATTACH_WAIT_MS;
  const deadline = Date.now() + wait;
  for (;;) {
    const lock = tryAcquireDataDirLock(dataDir);
    if (lock.acquired) return lock.release;
    if (lock.owner && lock.owner.hostname !== hostname())
      throw notAnswering(dataDir, lock.owner, 'on another machine');
    if (stop() || (await canConnect(socketPath))) return undefined;
    if (Date.now() > deadline)
      throw notAnswering(
        dataDir,
        lock.owner,
        `which has not answered on ${socketPath} for ${wait / 1000} s`,
      );
    await sleep(100);
  }
}

async function openShared(dataDir: string, options: DbOptions): Promise<Db> {
  mkdirSync(dataDir, { recursive: true });
  const socketPath = socketPathOf(dataDir);
  const release = await lockOrServer(dataDir, socketPath, options);
  if (!release) return attach(dataDir, socketPath, options);
  return openOwner(options, `embedded (${dataDir})`, {
    dataDir,
    socketPath,
    release,
    migrate: options.migrate,
  });
}

/**
 * A Db on a data dir another process owns, through its socket. Every new connection
 * first makes sure someone serves the socket: when nobody does (the owner exited or
 * was killed), this process takes the files over (lock, PGlite, socket) and its pool
 * carries on through its own socket. A statement in flight when the owner died fails
 * (its transaction was not committed); the next one runs on the new owner.
 */
async function attach(dataDir: string, socketPath: string, options: DbOptions): Promise<Db> {
  const { default: pg } = await import('pg');
  let hosted: OwnedEmbedded | undefined;
  let takingOver: Promise<void> | undefined;
  let closing = false;

  const takeOver = async () => {
    const release = await lockOrServer(dataDir, socketPath, options, () => closing);
    if (!release) return;
    hosted = await ownEmbedded({
      dataDir,
      socketPath,
      release,
      migrate: options.migrate,
      log: options.log,
    });
    options.log?.(`embedded database: this process now owns ${dataDir} (its owner went away)`);
  };
  const ensureServed = async () => {
    if (hosted || (await canConnect(socketPath))) return;
    takingOver ??= takeOver().finally(() => (takingOver = undefined));
    await takingOver;
  };

  class AttachedClient extends pg.Client {
    override connect(): Promise<pgTypes.Client>;
    override connect(
      callback: ((err: Error) => void) | ((err: null, c: pgTypes.Client) => void),
    ): void;
    override connect(
      callback?: ((err: Error) => void) | ((err: null, c: pgTypes.Client) => void),
    ): Promise<pgTypes.Client> | void {
      // An owner that starts exiting right after accepting this connection sends FATAL
      // 57P01 in the same read as the end of the startup: pg emits it as an 'error' before
      // the pool has put its listener on the client. It fails the connect instead (the
      // pool then tries another connection), rather than crashing the process.
      let refused: Error | undefined;
      const early = (error: Error) => (refused ??= error);
      this.on('error', early);
      const connected = ensureServed()
        .then(() => super.connect())
        .then((client) => {
          if (refused) throw refused;
          return client;
        })
        .finally(() => this.off('error', early));
      if (!callback) return connected;
      const done = callback as (err: Error | null, c?: pgTypes.Client) => void;
      connected.then(
        (client) => done(null, client),
        (error: Error) => done(error),
      );
    }
  }

  return openPool(
    {
      config: {
        host: dataDir,
        port: SOCKET_PORT,
        user: 'postgres',
        database: 'postgres',
      },
      Client: AttachedClient,
      kind: 'embedded',
      location: `embedded (${dataDir}, shared)`,
      // The owner migrated on open; an attached process migrates only when told to
      // (`migrate: true`: the owner itself opened without migrating).
      migrate: options.migrate === true,
      afterClose: async () => {
        closing = true;
        await takingOver?.catch(() => undefined);
        await hosted?.close();
      },
      // The owner went away while this connection was being opened (it refuses new ones
      // as it exits: 57P01, or the socket is reset or gone): the next attempt finds nobody
      // serving and takes over. A DbError says waiting for the owner already failed.
      retryConnect: {
        retryable: (error) => !closing && !(error instanceof DbError),
        ms: options.attachWaitMs ?? ATTACH_WAIT_MS,
      },
    },
    options,
  );
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`database did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
