/**
 * Which FSRS scheduler grades a learner's cards: one built from their fitted weights
 * (`fsrs_parameters`, see fitting/) when they have some, else the shared default one.
 *
 * The lookup is remembered per learner in a feed cache: migration 0019's trigger
 * announces each refit on `lumen_fsrs_parameters` with the user's id, whichever
 * process wrote it, and that one entry is dropped. So a grade or a due-list costs no
 * extra query once the learner's entry is warm; while the change feed is down, every
 * call reads the row (one primary-key lookup) rather than risk a stale schedule.
 */
import { createFeedCache } from '@lumen/db';
import type { Db } from '@lumen/db';
import { generatorParameters } from 'ts-fsrs';
import type { FSRSParameters } from 'ts-fsrs';

import { FuzzOnceScheduler } from './fuzz-once-scheduler.js';

export const FSRS_PARAMETERS_CHANNEL = 'lumen_fsrs_parameters';

export interface UserSchedulers {
  /** The scheduler for this learner's cards. */
  forUser(userId: string): Promise<FuzzOnceScheduler>;
}

export function createUserSchedulers(
  db: Pick<Db, 'sql' | 'listen'>,
  settings: Partial<FSRSParameters>,
): UserSchedulers {
  const defaults = new FuzzOnceScheduler(generatorParameters(settings));
  const cache = createFeedCache<readonly number[] | null>({
    db,
    channel: FSRS_PARAMETERS_CHANNEL,
    onMessage: (userId, entries) => entries.delete(userId),
    // Refits are announced; the age bound only limits how long a quiet learner's entry stays.
    maxAgeMs: 60 * 60_000,
  });
  const load = async (userId: string) => {
    const rows = await db.sql<{ weights: number[] }>`
      SELECT weights FROM fsrs_parameters WHERE user_id = ${userId}::uuid`;
    return rows[0]?.weights ?? null;
  };
  // Schedulers are built once per distinct weight vector, not per call.
  const built = new WeakMap<readonly number[], FuzzOnceScheduler>();
  return {
    async forUser(userId) {
      const weights = await cache.get(userId, () => load(userId));
      if (!weights) return defaults;
      let scheduler = built.get(weights);
      if (!scheduler) {
        scheduler = new FuzzOnceScheduler(generatorParameters({ ...settings, w: weights }));
        built.set(weights, scheduler);
      }
      return scheduler;
    },
  };
}
