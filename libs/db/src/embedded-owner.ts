/**
 * The process that owns an embedded database: PGlite on the data dir's files (or in
 * memory), migrated, with the notification hub and, on disk, the socket server that
 * lets the other local processes use it.
 */
import { join } from 'node:path';

import type { PGlite } from '@electric-sql/pglite';

import { serveEmbedded } from './embedded-server.js';
import type { EmbeddedServer } from './embedded-server.js';
import { migrate } from './migrate.js';
import { createNotificationHub } from './notification-hub.js';
import type { NotificationHub } from './notification-hub.js';

export interface OwnedEmbedded {
  pglite: PGlite;
  hub: NotificationHub;
  /** The migrations applied while opening (none when current, or not migrating). */
  appliedMigrations: readonly string[];
  /** Stops serving (attached processes then take over), closes PGlite, drops the lock. */
  close(): Promise<void>;
}

export interface OwnEmbeddedOptions {
  /** Absent: in memory, served to nobody. */
  dataDir?: string | undefined;
  socketPath?: string | undefined;
  /** Gives the data dir's lock back; called once PGlite is closed (or failed to open). */
  release?: (() => void) | undefined;
  migrate?: boolean | undefined;
  /** In memory: a data dir dump (dumpDataDir) to start from. */
  loadDataDir?: Blob | undefined;
  log?: ((line: string) => void) | undefined;
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

export async function ownEmbedded(options: OwnEmbeddedOptions): Promise<OwnedEmbedded> {
  let pglite: PGlite | undefined;
  let server: EmbeddedServer | undefined;
  try {
    const [{ PGlite }, { vector: pgvector }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('@electric-sql/pglite-pgvector'),
    ]);
    pglite = await PGlite.create({
      ...(options.dataDir ? { dataDir: join(options.dataDir, 'pgdata') } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      extensions: { vector: pgvector },
      startParams: [...PGlite.defaultStartParams, ...EMBEDDED_SETTINGS],
    });
    const client = pglite;
    let appliedMigrations: readonly string[] = [];
    if (options.migrate !== false) {
      ({ applied: appliedMigrations } = await migrate({
        query: async (sql, params) => (await client.query(sql, params)).rows as never[],
        exec: async (sql) => void (await client.exec(sql)),
      }));
    }
    const hub = createNotificationHub(client);
    if (options.socketPath) {
      server = await serveEmbedded({
        pglite: client,
        hub,
        socketPath: options.socketPath,
        log: options.log,
      });
    }
    const served = server;
    let closing: Promise<void> | undefined;
    return {
      pglite: client,
      hub,
      appliedMigrations,
      close: () =>
        (closing ??= (async () => {
          try {
            await served?.close();
            if (!client.closed) await client.close();
          } finally {
            options.release?.();
          }
        })()),
    };
  } catch (error) {
    await server?.close().catch(() => undefined);
    await pglite?.close().catch(() => undefined);
    options.release?.();
    throw error;
  }
}
