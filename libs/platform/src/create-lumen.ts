import { createClientRegistry } from '@lumen/auth';
import type { Db } from '@lumen/db';
import {
  createCatalogCache,
  createLlmCallRecorder,
  createRetrievalAuditRecorder,
} from '@lumen/domain';
import type { ToolCallRecorder } from '@lumen/domain';

import {
  createToolCallLog,
  startEmbeddedVacuum,
  startEmbeddingBackfill,
  startFsrsRefit,
  startRetention,
  startTopicCheck,
} from './background.js';
import { ConfigError, loadConfig } from './config.js';
import type { LumenConfig } from './config.js';
import { createLogger } from './logger.js';
import type { Logger } from './logger.js';
import { openDatabase } from './open-db.js';
import { createServices } from './services.js';
import type { AppServices } from './services.js';

/** Where Lumen keeps its data: a PostgreSQL server, or an embedded database in a folder. */
export type LumenLocation =
  | { databaseUrl: string; dataDir?: undefined }
  | { dataDir: string; databaseUrl?: undefined }
  | { databaseUrl?: undefined; dataDir?: undefined };

export type CreateLumenOptions = LumenLocation & {
  /**
   * Settings by their environment variable names (LLM_PROVIDER, FSRS_ENABLE_FUZZ,
   * LUMEN_RETENTION_*_DAYS, …, as in the operator guide). Nothing is read from
   * `process.env` unless you pass it here. `databaseUrl`/`dataDir` win over
   * DATABASE_URL/LUMEN_DATA_DIR in `env`.
   */
  env?: Readonly<Record<string, string | undefined>>;
  /** Where Lumen's JSON log lines go (default: stderr, at LUMEN_LOG_LEVEL, default info). */
  logger?: Logger;
  /** Apply pending migrations while opening (default true); else call `lumen.migrate()`. */
  migrate?: boolean;
};

/** The client registry (mint, list, revoke MCP clients) from @lumen/auth. */
export type ClientRegistry = ReturnType<typeof createClientRegistry>;

/** One opened Lumen: its database, its typed domain services and what keeps them running. */
export interface Lumen extends AppServices {
  /** MCP clients and users' OAuth grants: mint, list, revoke. */
  readonly clients: ClientRegistry;
  readonly db: Db;
  readonly config: LumenConfig;
  readonly logger: Logger;
  /** Tool calls recorded for the observability pages (the MCP pieces write to it). */
  readonly toolCalls: ToolCallRecorder;
  /**
   * Applies pending migrations (through a second connection, which is closed again)
   * and reports where. Already done on open unless `migrate: false` was passed.
   */
  migrate(): Promise<{ location: string; vector: boolean }>;
  /**
   * Runs `hook` when the Lumen closes, before its own parts close (newest first): for
   * pieces built on it, like the HTTP routes' auth caches, that need the database open.
   */
  onClose(hook: () => Promise<void>): void;
  /** Writes what is buffered, stops the background work and closes the database. Idempotent. */
  close(): Promise<void>;
}

/**
 * Builds a {@link LumenConfig} from the options: `env` as the operator guide reads it,
 * then `databaseUrl`/`dataDir` over DATABASE_URL/LUMEN_DATA_DIR. Exactly one place to
 * keep the data is required; a bad setting throws {@link ConfigError} naming it.
 */
export function configFromOptions(options: CreateLumenOptions): LumenConfig {
  const { databaseUrl, dataDir } = options as { databaseUrl?: unknown; dataDir?: unknown };
  for (const [name, value] of [
    ['databaseUrl', databaseUrl],
    ['dataDir', dataDir],
  ] as const) {
    if (value !== undefined && (typeof value !== 'string' || value.trim() === ''))
      throw new ConfigError(`Invalid configuration:\n  ${name}: expected a non-empty string`);
  }
  if (databaseUrl !== undefined && dataDir !== undefined)
    throw new ConfigError(
      'Invalid configuration:\n  give databaseUrl (PostgreSQL) or dataDir (embedded database), not both',
    );
  if (typeof databaseUrl === 'string' && !/^postgres(ql)?:\/\//i.test(databaseUrl))
    throw new ConfigError(
      'Invalid configuration:\n  databaseUrl: expected a postgresql:// URL (for the embedded database, pass dataDir)',
    );
  const env: Record<string, string | undefined> = { ...options.env };
  if (typeof databaseUrl === 'string') {
    env['DATABASE_URL'] = databaseUrl;
    delete env['LUMEN_DATA_DIR'];
  }
  if (typeof dataDir === 'string') {
    env['LUMEN_DATA_DIR'] = dataDir;
    delete env['DATABASE_URL'];
  }
  if (!env['DATABASE_URL']?.trim() && !env['LUMEN_DATA_DIR']?.trim())
    throw new ConfigError(
      'Invalid configuration:\n  createLumen needs databaseUrl (PostgreSQL) or dataDir (embedded database)',
    );
  return loadConfig(env);
}

/**
 * Opens Lumen for a TypeScript service: the database (migrated unless `migrate: false`)
 * and every domain service, the same ones the MCP tools call. Service methods throw
 * `LumenError` with the tools' stable codes; bad options throw `ConfigError`.
 *
 * ```ts
 * const lumen = await createLumen({ dataDir: '/var/lib/lumen' });
 * const courses = await lumen.catalog.listCourses(actor, {});
 * await lumen.close();
 * ```
 */
export async function createLumen(options: CreateLumenOptions): Promise<Lumen> {
  const config = configFromOptions(options);
  return openLumen(config, {
    logger: options.logger ?? createLogger({ level: config.logLevel }),
    ...(options.migrate === undefined ? {} : { migrate: options.migrate }),
  });
}

/** {@link createLumen} for a configuration already loaded (the apps' `loadConfig(process.env)`). */
export async function openLumen(
  config: LumenConfig,
  options: { logger: Logger; migrate?: boolean },
): Promise<Lumen> {
  const { logger } = options;
  const db = await openDatabase(config, {
    log: (line) => logger.warn(line),
    ...(options.migrate === false ? { migrate: false } : {}),
  });
  // Listings are the hottest read; the database announces catalog changes to every
  // replica (migration 0010), so each can remember them.
  const catalogCache = createCatalogCache(db);
  // Search audits every call; the rows are written in batches, off the request path.
  const retrievalAudits = createRetrievalAuditRecorder({
    db,
    onError: (error) => logger.warn('retrieval_audits.write_failed', { error }),
  });
  // Model calls under no budget are logged the same way (with a budget, the gateway
  // reserves in the database before each call instead).
  const llmCalls = createLlmCallRecorder({
    db,
    onError: (error) => logger.warn('llm_call_log.write_failed', { error }),
  });
  // With EMBEDDINGS_BASE_URL, new lesson chunks get vectors in the background.
  const embeddings = startEmbeddingBackfill(db, config, logger);
  const topicCheck = startTopicCheck(config, logger);
  const services = createServices(db, config, {
    catalogCache,
    retrievalAudits,
    llmCalls,
    onLessonsChange: embeddings?.kick,
    topicCheck: topicCheck?.topicCheck,
  });
  const toolCalls = createToolCallLog(db, logger);
  const pruner = startRetention(db, config, logger);
  const refitter = startFsrsRefit(db, logger);
  const vacuum = startEmbeddedVacuum(db, logger);
  const hooks: Array<() => Promise<void>> = [];
  let closing: Promise<void> | undefined;
  const close = async () => {
    for (const hook of hooks.reverse()) await hook();
    await embeddings?.close(); // aborts a provider request under way
    await topicCheck?.close();
    await toolCalls.close(); // the last second of tool calls, before the database goes
    await retrievalAudits.close();
    await llmCalls.close();
    await pruner.close();
    await refitter.close();
    await vacuum.close();
    await catalogCache.close();
    await db.close();
  };
  return {
    ...services,
    clients: createClientRegistry({ db }),
    db,
    config,
    logger,
    toolCalls,
    migrate: async () => {
      const second = await openDatabase(config, {
        log: (line) => logger.warn(line),
        migrate: true,
      });
      try {
        return { location: second.location, vector: second.vector };
      } finally {
        await second.close();
      }
    },
    onClose: (hook) => void hooks.push(hook),
    close: () => (closing ??= close()),
  };
}
