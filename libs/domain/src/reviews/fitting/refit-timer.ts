/**
 * The daily refit: every learner who reviewed since the previous run is refitted
 * (fitUsers), on an unref'd timer beside the retention pruner, never on a request.
 * Runs do not overlap. Several replicas may each run one: a fit is a deterministic
 * function of the log, and the last upsert wins with the same answer.
 */
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

export interface ParameterRefitter {
  /** One run now (also what the timer does); never throws, reports through onError. */
  run(): Promise<UserFit[] | undefined>;
  /** Stops the timer and waits for a run in progress (call before closing the database). */
  close(): Promise<void>;
}

export function createParameterRefitter(options: ParameterRefitterOptions): ParameterRefitter {
  const clock = options.clock ?? (() => new Date());
  const interval = options.intervalMs ?? 24 * 60 * 60_000;
  // The first run looks back one interval too: a server restarted daily still refits.
  let since: Date | undefined;
  let running: Promise<UserFit[] | undefined> | undefined;
  const run = () =>
    (running ??= (async () => {
      const now = clock();
      const reviewedSince = since ?? new Date(now.getTime() - interval);
      const fits = await fitUsers(options, now, { reviewedSince });
      since = now;
      if (fits.length > 0) options.onFitted?.(fits);
      return fits;
    })()
      .catch((error: unknown) => {
        options.onError?.(error);
        return undefined;
      })
      .finally(() => {
        running = undefined;
      }));
  const timer = setInterval(() => void run(), interval);
  const first = setTimeout(() => void run(), options.firstRunDelayMs ?? 15 * 60_000);
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
