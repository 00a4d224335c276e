import type { Db } from '@lumen/db';

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

export interface RetentionPruner {
  /** One run now (also what the timer does); never throws, reports through onError. */
  run(): Promise<PruneResult | undefined>;
  /** Stops the timer and waits for a run in progress (call before closing the database). */
  close(): Promise<void>;
}

/**
 * Prunes the observability logs on a timer that never keeps the process alive
 * (unref'd). Runs do not overlap; several replicas may each run one, since the deletes
 * are idempotent and skip each other's locked rows (retention.ts).
 */
export function createRetentionPruner(options: RetentionPrunerOptions): RetentionPruner {
  const clock = options.clock ?? (() => new Date());
  let running: Promise<PruneResult | undefined> | undefined;
  const run = () =>
    (running ??= pruneObservability(options, clock())
      .then((result) => {
        if (Object.values(result).some((n) => n > 0)) options.onPruned?.(result);
        return result;
      })
      .catch((error: unknown) => {
        options.onError?.(error);
        return undefined;
      })
      .finally(() => {
        running = undefined;
      }));
  const timer = setInterval(() => void run(), options.intervalMs ?? 10 * 60_000);
  const first = setTimeout(() => void run(), options.firstRunDelayMs ?? 60_000);
  timer.unref();
  first.unref();
  return {
    run,
    close: async () => {
      clearInterval(timer);
      clearTimeout(first);
      await running;
    },
  };
}
