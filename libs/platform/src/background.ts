import type { Db } from '@lumen/db';
import {
  createEmbeddingBackfill,
  createFsrsRsOptimizer,
  createParameterRefitter,
  createRetentionPruner,
  createSentenceEncoder,
  createToolCallRecorder,
  createTopicCheck,
  startPeriodicJob,
} from '@lumen/domain';
import type {
  EmbeddingBackfill,
  ParameterRefitter,
  RetentionPruner,
  ToolCallRecorder,
  TopicCheck,
} from '@lumen/domain';

import type { LumenConfig } from './config.js';
import type { Logger } from './logger.js';
import { createEmbedderFromConfig } from './embedder-config.js';

/** Tool calls recorded for /admin/observability, in batches off the call path. */
export function createToolCallLog(db: Db, logger: Logger): ToolCallRecorder {
  return createToolCallRecorder({
    db,
    onError: (error) => logger.warn('tool_calls.write_failed', { error }),
  });
}

/**
 * Observability logs past their retention go in small batches, off the request path;
 * every process on one database may run this (@lumen/domain's retention.ts explains
 * why that is safe).
 */
export function startRetention(db: Db, config: LumenConfig, logger: Logger): RetentionPruner {
  return createRetentionPruner({
    db,
    periods: config.retention,
    onPruned: (deleted) => logger.info('retention.pruned', { ...deleted }),
    onError: (error) => logger.warn('retention.prune_failed', { error }),
  });
}

/**
 * Learners who reviewed since the last run get their FSRS weights refitted, once a day,
 * off the request path (@lumen/domain's reviews/fitting); grading picks the new weights
 * up at once through the change feed.
 */
export function startFsrsRefit(db: Db, logger: Logger): ParameterRefitter {
  return createParameterRefitter({
    db,
    optimizer: createFsrsRsOptimizer(),
    onFitted: (fits) =>
      logger.info('fsrs.refit', {
        learners: fits.length,
        fitted: fits.filter((f) => f.outcome.status === 'fitted').length,
      }),
    onError: (error) => logger.warn('fsrs.refit_failed', { error }),
  });
}

/** How often the embedded database's review cards are vacuumed. */
export const EMBEDDED_VACUUM_INTERVAL_MS = 10 * 60_000;

export interface EmbeddedVacuum {
  /** Stops the timer and waits for a VACUUM under way. */
  close(): Promise<void>;
}

/**
 * The embedded database (PGlite) has no autovacuum. Grading rewrites `review_cards`
 * rows, which clears the visibility-map bits that `list_my_progress`'s index-only scans
 * rely on; until a VACUUM sets them again the statement reads those heap pages too (at
 * 1M cards, 100k one learner's, `bench/learning-core.ts`: 38 ms before a grading burst,
 * 76 ms after it, 39 ms after the VACUUM). So every process on an embedded database runs
 * `VACUUM review_cards` every ten minutes, off the request path. PGlite runs one
 * statement at a time, so calls wait for it: 161 ms after that burst, 1.4 ms with
 * nothing changed (it skips all-visible pages). No ANALYZE: at that size it samples the
 * table for ~0.4 s each time, and the hot statements' plans follow their indexes. On
 * PostgreSQL nothing is done here: autovacuum does it.
 */
export function startEmbeddedVacuum(
  db: Db,
  logger: Logger,
  intervalMs: number = EMBEDDED_VACUUM_INTERVAL_MS,
): EmbeddedVacuum {
  if (db.kind !== 'embedded') return { close: async () => undefined };
  return startPeriodicJob({
    job: async () => {
      const started = performance.now();
      await db.prisma.$executeRawUnsafe('VACUUM review_cards');
      logger.debug('embedded.vacuumed', { ms: Math.round(performance.now() - started) });
    },
    intervalMs,
    firstRunDelayMs: intervalMs,
    onError: (error) => logger.warn('embedded.vacuum_failed', { error }),
  });
}

/**
 * With an embeddings provider configured (and pgvector), lesson chunks are embedded in
 * the background: on start, when this process writes lessons (pass `kick` to
 * createServices as `onLessonsChange`), and every five minutes for chunks other
 * processes wrote (see @lumen/domain's embedding-backfill.ts). Undefined otherwise.
 */
export function startEmbeddingBackfill(
  db: Db,
  config: LumenConfig,
  logger: Logger,
): EmbeddingBackfill | undefined {
  const embedder = createEmbedderFromConfig(config);
  if (!embedder || !db.vector) return undefined;
  return createEmbeddingBackfill({
    db,
    embedder,
    onEmbedded: (chunks) => logger.info('embeddings.backfilled', { chunks, model: embedder.model }),
    onRefused: (chunkIds) =>
      logger.warn('embeddings.chunks_refused', { chunkIds, model: embedder.model }),
    onError: (error) => logger.warn('embeddings.backfill_failed', { error }),
  });
}

/** The tutor's topic check and the model thread it runs on; `close` stops the thread. */
export interface TutorTopicCheck {
  readonly topicCheck: TopicCheck;
  close(): Promise<void>;
}

/**
 * The tutor's topic check (see @lumen/domain's topic-check.ts), unless
 * LUMEN_TUTOR_TOPIC_CHECK=off: pass `topicCheck` to createServices. The model thread
 * starts on the first question that needs it; a failed check is logged as
 * `tutor.topic_check_failed` and the question goes on unchecked.
 */
export function startTopicCheck(config: LumenConfig, logger: Logger): TutorTopicCheck | undefined {
  if (!config.tutor.topicCheck) return undefined;
  const encoder = createSentenceEncoder();
  return {
    topicCheck: createTopicCheck({
      encoder,
      onError: (error) => logger.warn('tutor.topic_check_failed', { error }),
    }),
    close: () => encoder.close(),
  };
}
