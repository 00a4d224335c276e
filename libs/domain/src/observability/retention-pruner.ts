import type { Db } from '@lumen/db';

import { startPeriodicJob } from '../periodic-job.js';
import type { PeriodicJob } from '../periodic-job.js';
import { pruneObservability } from './retention.js';
import type { PruneResult, RetentionPeriods } from './retention.js';

export interface RetentionPrunerOptions {
  readonly db: Pick<Db, 'prisma'>;
  readonly periods: RetentionPeriods;
  readonly clock?: (() => Date) | undefined;
  /** Time between runs (default 10 minutes). */
  readonly intervalMs?: number | undefined;
  /**
   * Delay before the first run (default 1 minute): soon enough that short-lived
   * processes (a stdio server per editor session) prune too, late enough to stay out
   * of start-up.
   */
  readonly firstRunDelayMs?: number | undefined;
  readonly batchSize?: number | undefined;
  /** Receives the counts of a run that deleted something. */
  readonly onPruned?: ((result: PruneResult) => void) | undefined;
  /** Receives failures; the next run simply tries again. */
  readonly onError?: ((error: unknown) => void) | undefined;
}

/** The pruner's timer: `run()` prunes now, `close()` stops it (see periodic-job.ts). */
export type RetentionPruner = PeriodicJob<PruneResult>;

/**
 * Prunes the observability logs on a timer that never keeps the process alive
 * (unref'd). Runs do not overlap; several replicas may each run one, since the deletes
 * are idempotent and skip each other's locked rows (retention.ts).
 */
export function createRetentionPruner(options: RetentionPrunerOptions): RetentionPruner {
  const clock = options.clock ?? (() => new Date());
  return startPeriodicJob({
    job: async () => {
      const result = await pruneObservability(options, clock());
      if (Object.values(result).some((n) => n > 0)) options.onPruned?.(result);
      return result;
    },
    intervalMs: options.intervalMs ?? 10 * 60_000,
    firstRunDelayMs: options.firstRunDelayMs ?? 60_000,
    onError: options.onError,
  });
}
