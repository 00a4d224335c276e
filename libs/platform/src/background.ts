import type { Db } from '@lumen/db';
import {
  createFsrsRsOptimizer,
  createParameterRefitter,
  createRetentionPruner,
  createToolCallRecorder,
} from '@lumen/domain';
import type { ParameterRefitter, RetentionPruner, ToolCallRecorder } from '@lumen/domain';

import type { LumenConfig } from './config.js';
import type { Logger } from './logger.js';

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
