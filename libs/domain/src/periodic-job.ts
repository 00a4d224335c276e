/**
 * A background job on a timer that never keeps the process alive (unref'd): a first run
 * after a delay, then one per interval. Runs do not overlap (a run asked for while one
 * is going joins it), a failure goes to onError and the next run tries again, and
 * close() stops the timer and waits for the run in progress.
 */
export interface PeriodicJob<T> {
  /** One run now (also what the timer does); never throws, reports through onError. */
  run(): Promise<T | undefined>;
  /** Stops the timer and waits for a run in progress (call before closing the database). */
  close(): Promise<void>;
}

export function startPeriodicJob<T>(options: {
  job: () => Promise<T>;
  intervalMs: number;
  firstRunDelayMs: number;
  onError?: ((error: unknown) => void) | undefined;
}): PeriodicJob<T> {
  let running: Promise<T | undefined> | undefined;
  const run = () =>
    (running ??= options
      .job()
      .catch((error: unknown) => {
        options.onError?.(error);
        return undefined;
      })
      .finally(() => {
        running = undefined;
      }));
  const timer = setInterval(() => void run(), options.intervalMs);
  const first = setTimeout(() => void run(), options.firstRunDelayMs);
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
