/**
 * The daily refit: every learner who reviewed since the previous run is refitted
 * (fitUsers), on an unref'd timer beside the retention pruner, never on a request.
 * Runs do not overlap. Several replicas may each run one: a fit is a deterministic
 * function of the log, and the last upsert wins with the same answer.
 */
import { startPeriodicJob } from '../../periodic-job.js';
import type { PeriodicJob } from '../../periodic-job.js';
import type { FitParametersOptions } from './fit-parameters.js';
import { fitUsers } from './fit-users.js';
import type { UserFit } from './fit-users.js';

export interface ParameterRefitterOptions extends FitParametersOptions {
  readonly clock?: (() => Date) | undefined;
  /** Time between runs (default 24 hours). */
  readonly intervalMs?: number | undefined;
  /** Delay before the first run (default 15 minutes, out of start-up's way). */
  readonly firstRunDelayMs?: number | undefined;
  readonly onFitted?: ((fits: UserFit[]) => void) | undefined;
  /** Receives failures; the next run tries again. */
  readonly onError?: ((error: unknown) => void) | undefined;
}

/** The refit's timer: `run()` refits now, `close()` stops it (see periodic-job.ts). */
export type ParameterRefitter = PeriodicJob<UserFit[]>;

export function createParameterRefitter(options: ParameterRefitterOptions): ParameterRefitter {
  const clock = options.clock ?? (() => new Date());
  const interval = options.intervalMs ?? 24 * 60 * 60_000;
  // The first run looks back one interval too: a server restarted daily still refits.
  let since: Date | undefined;
  return startPeriodicJob({
    job: async () => {
      const now = clock();
      const reviewedSince = since ?? new Date(now.getTime() - interval);
      const fits = await fitUsers(options, now, { reviewedSince });
      since = now;
      if (fits.length > 0) options.onFitted?.(fits);
      return fits;
    },
    intervalMs: interval,
    firstRunDelayMs: options.firstRunDelayMs ?? 15 * 60_000,
    onError: options.onError,
  });
}
