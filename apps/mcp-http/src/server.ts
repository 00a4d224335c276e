import type { Server as NodeServer } from 'node:http';

import { serve } from '@hono/node-server';
import { createDb } from '@lumen/db';
import type { Db } from '@lumen/db';
import {
  createCatalogCache,
  createFsrsRsOptimizer,
  createParameterRefitter,
  createRetentionPruner,
  createRetrievalAuditRecorder,
  createToolCallRecorder,
} from '@lumen/domain';
import { createLumenServerFactory } from '@lumen/mcp-tools';

import { createHttpApp } from './app.js';
import { createAuthWiring } from './auth-wiring.js';
import type { LumenConfig } from './config.js';
import { resolveJwtSecret } from './jwt-secret.js';
import { toListenError } from './listen-error.js';
import type { Logger } from './logger.js';
import { principalFromRequest } from './mcp-route.js';
import { observeToolCalls } from './observability/index.js';
import { createServices } from './services.js';

export interface RunningHttpServer {
  port: number;
  db: Db;
  close(): Promise<void>;
}

/** Opens the database, composes the app and listens. Used by main.ts and `lumen-mcp --transport http`. */
export async function startHttpServer(
  config: LumenConfig,
  logger: Logger,
): Promise<RunningHttpServer> {
  const jwtSecret = resolveJwtSecret(config, (line) => logger.info(line));
  const db = await createDb({
    url: config.database.url,
    dataDir: config.database.dataDir,
    log: (line) => logger.warn(line),
  });
  // Listings are the hottest read; the database announces catalog changes to every
  // replica (migration 0010), so each can remember them.
  const catalogCache = createCatalogCache(db);
  // Search audits every call; the rows are written in batches, off the request path.
  const retrievalAudits = createRetrievalAuditRecorder({
    db,
    onError: (error) => logger.warn('retrieval_audits.write_failed', { error }),
  });
  const services = createServices(db, config, { catalogCache, retrievalAudits });
  const auth = createAuthWiring({ db, config, jwtSecret });
  const recorder = createToolCallRecorder({
    db,
    onError: (error) => logger.warn('tool_calls.write_failed', { error }),
  });
  // Observability logs past their retention go in small batches, off the request path;
  // every replica may run this (retention.ts explains why that is safe).
  const pruner = createRetentionPruner({
    db,
    periods: config.retention,
    onPruned: (deleted) => logger.info('retention.pruned', { ...deleted }),
    onError: (error) => logger.warn('retention.prune_failed', { error }),
  });
  // Learners who reviewed since yesterday get their FSRS weights refitted, once a day,
  // off the request path (reviews/fitting); grading picks the new weights up at once.
  const refitter = createParameterRefitter({
    db,
    optimizer: createFsrsRsOptimizer(),
    onFitted: (fits) =>
      logger.info('fsrs.refit', {
        learners: fits.length,
        fitted: fits.filter((f) => f.outcome.status === 'fitted').length,
      }),
    onError: (error) => logger.warn('fsrs.refit_failed', { error }),
  });
  const serverFactory = createLumenServerFactory({
    services,
    resolvePrincipal: principalFromRequest,
    onToolCall: observeToolCalls(logger, recorder),
    onInternalError: (error, tool) => logger.error('tool.internal_error', { tool, error }),
  });
  const app = createHttpApp({ config, db, services, auth, serverFactory, logger });
  const closeServices = async () => {
    await recorder.close(); // the last second of tool calls, before the database goes
    await retrievalAudits.close();
    await pruner.close();
    await refitter.close();
    await auth.clientCache.close();
    await auth.hasher.close();
    await catalogCache.close();
    await db.close();
  };
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
  const stop = (signal: string) => {
    logger.info('http.shutdown', { signal });
    const timer = setTimeout(() => process.exit(1), graceMs);
    timer.unref();
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
