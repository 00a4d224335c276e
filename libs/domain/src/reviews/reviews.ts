/**
 * The review service behind `list_my_due_reviews` and `grade_review_card`: FSRS-6
 * spaced repetition through ts-fsrs, with the learner's own fitted weights once they
 * have some (user-schedulers.ts), else ts-fsrs's default FSRS-6 weights.
 */
import type { Db } from '@lumen/db';

import type { Actor } from '../actor.js';
import { gradeCard } from './grade-card.js';
import { listDue } from './list-due.js';
import { createUserSchedulers } from './user-schedulers.js';
import type { DueCard, GradeInput, GradeResult, ListDueInput } from './types.js';

export interface ReviewsOptions {
  readonly db: Db;
  /** Target probability of recall when a card comes due (0-1, default 0.9). */
  readonly desiredRetention?: number | undefined;
  /** Longest interval in days (default 36500). */
  readonly maximumInterval?: number | undefined;
  /** Spread intervals randomly (deterministically per card and time); on in production, off in tests. */
  readonly enableFuzz?: boolean | undefined;
}

export interface Reviews {
  listDue(actor: Actor, input: ListDueInput | undefined, now: Date): Promise<DueCard[]>;
  grade(actor: Actor, input: GradeInput, now: Date): Promise<GradeResult>;
}

export function createReviews(options: ReviewsOptions): Reviews {
  const { sql } = options.db;
  const schedulers = createUserSchedulers(options.db, {
    request_retention: options.desiredRetention ?? 0.9,
    maximum_interval: options.maximumInterval ?? 36500,
    enable_fuzz: options.enableFuzz ?? true,
  });
  return {
    listDue: async (actor, input, now) =>
      listDue(sql, await schedulers.forUser(actor.userId), actor, input ?? {}, now),
    grade: async (actor, input, now) =>
      gradeCard(sql, await schedulers.forUser(actor.userId), actor, input, now),
  };
}
