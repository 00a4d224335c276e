import type { Server as NodeServer } from 'node:http';

import { serve } from '@hono/node-server';
import type { Db } from '@lumen/db';
import { openLumen, resolveJwtSecret, toListenError } from '@lumen/platform';
import type { Logger, LumenConfig } from '@lumen/platform';

import { createHttpApp } from './app.js';
import { lumenAuth } from './lumen-auth.js';
import { lumenServerFactory } from './lumen-mcp.js';

export interface RunningHttpServer {
  port: number;
  db: Db;
  close(): Promise<void>;
}

/** Opens Lumen, composes the full app and listens. Used by apps/mcp-http and `lumen-mcp --transport http`. */
export async function startHttpServer(
  config: LumenConfig,
  logger: Logger,
): Promise<RunningHttpServer> {
  // Before the database opens: a missing JWT_SECRET is a configuration error, and
  // the embedded database's key file is created in its folder.
  resolveJwtSecret(config, (line) => logger.info(line));
  const lumen = await openLumen(config, { logger });
  const { db } = lumen;
  const auth = lumenAuth(lumen);
  const serverFactory = lumenServerFactory(lumen);
  const app = createHttpApp({ config, db, services: lumen, auth, serverFactory, logger });
  const closeServices = () => lumen.close();
  let node: NodeServer;
  try {
    node = await listen({ fetch: app.fetch, port: config.http.port, hostname: config.http.host });
  } catch (error) {
    await closeServices().catch(() => undefined);
    throw toListenError(error, config.http.host, config.http.port);
  }
  const address = node.address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  logger.info('http.listening', {
    url: `http://${config.http.host}:${port}`,
    mcp: config.http.mcpUrl,
    database: db.location,
  });
  let closing: Promise<void> | undefined;
  return {
    port,
    db,
    close: () =>
      (closing ??= (async () => {
        await new Promise<void>((resolve) => node.close(() => resolve()));
        await closeServices();
      })()),
  };
}

/** Resolves once listening; rejects with the listen error (port in use, …). */
function listen(options: Parameters<typeof serve>[0]): Promise<NodeServer> {
  return new Promise<NodeServer>((resolve, reject) => {
    const s = serve(options, () => {
      s.off('error', reject);
      resolve(s as NodeServer);
    }) as NodeServer;
    s.once('error', reject);
  });
}

/** SIGTERM/SIGINT: stop accepting, let in-flight requests finish (bounded), close the database. */
export function closeOnSignals(server: RunningHttpServer, logger: Logger, graceMs = 10_000): void {
  let stopping = false;
  const stop = (signal: string) => {
    // Ctrl-C signals the whole process group, and `npm start`'s wrapper forwards it too:
    // the second delivery must not end the process (by default, mid-shutdown) either.
    if (stopping) return;
    stopping = true;
    logger.info('http.shutdown', { signal });
    const timer = setTimeout(() => process.exit(1), graceMs);
    timer.unref();
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
