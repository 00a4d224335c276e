import type { Db } from '@lumen/db';
import { createRetentionPruner, createToolCallRecorder } from '@lumen/domain';
import type { RetentionPruner, ToolCallRecorder } from '@lumen/domain';

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
