/**
 * Fitting one learner's FSRS-6 weights, off the request path (`lumen fsrs optimize`
 * and the HTTP server's daily timer).
 *
 * - Only from MIN_REVIEWS logged reviews on: below that, a held-out fifth is too small
 *   to tell a fit from the defaults (at 400 it holds about 80 predictions), and the
 *   FSRS community's guidance is likewise "several hundred reviews" before optimizing.
 * - A fit must earn its place: the weights are first fitted on the older 80% of the
 *   learner's reviews and compared with the defaults on the newest 20%, which neither
 *   has seen (a time split: the schedule will be used on future reviews). Only when the
 *   fit has the lower log-loss there are the weights refitted on the whole log and
 *   stored, with the held-out numbers as the evidence. Otherwise any earlier fit is
 *   removed too: the latest evidence says the defaults predict this learner as well.
 */
import type { Sql } from '@lumen/db';
import { default_w } from 'ts-fsrs';

import type { FitMetrics, FsrsOptimizer } from './fsrs-optimizer.js';
import { toTimedItems } from './review-history.js';
import type { LoggedReview } from './review-history.js';

export const MIN_REVIEWS = 400;
const HOLD_OUT_SHARE = 0.2;

export interface FitParametersOptions {
  readonly db: { readonly sql: Sql };
  readonly optimizer: FsrsOptimizer;
  /** Reviews needed before fitting (default MIN_REVIEWS). */
  readonly minReviews?: number | undefined;
}

/** Defaults vs fit on the newest fifth of the log, which the fit did not see. */
export interface HeldOut {
  readonly defaults: FitMetrics;
  readonly fitted: FitMetrics;
}

export type FitOutcome =
  | {
      readonly status: 'fitted';
      readonly reviewCount: number;
      readonly heldOut: HeldOut;
      readonly weights: readonly number[];
    }
  | {
      readonly status: 'skipped';
      readonly reason: 'too_few_reviews' | 'not_better_than_defaults';
      readonly reviewCount: number;
      readonly heldOut?: HeldOut;
    };

export async function fitUserParameters(
  options: FitParametersOptions,
  userId: string,
  now: Date,
): Promise<FitOutcome> {
  const logs = await readLogs(options.db.sql, userId);
  const reviewCount = logs.length;
  if (reviewCount < (options.minReviews ?? MIN_REVIEWS)) {
    return { status: 'skipped', reason: 'too_few_reviews', reviewCount };
  }
  const items = toTimedItems(logs);
  const split = Math.floor(items.length * (1 - HOLD_OUT_SHARE));
  const train = items.slice(0, split).map((i) => i.reviews);
  const test = items.slice(split).map((i) => i.reviews);
  // A log of mostly same-day reviews can pass the count and still leave nothing to score.
  if (train.length === 0 || !test.some((item) => item[item.length - 1]!.deltaT > 0)) {
    return { status: 'skipped', reason: 'too_few_reviews', reviewCount };
  }
  const { optimizer } = options;
  const trial = await optimizer.fit(train);
  const heldOut = {
    defaults: await optimizer.evaluate(default_w, test),
    fitted: await optimizer.evaluate(trial, test),
  };
  if (!(heldOut.fitted.logLoss < heldOut.defaults.logLoss)) {
    await options.db.sql`DELETE FROM fsrs_parameters WHERE user_id = ${userId}::uuid`;
    return { status: 'skipped', reason: 'not_better_than_defaults', reviewCount, heldOut };
  }
  const weights = await optimizer.fit(items.map((i) => i.reviews));
  await storeFit(options, userId, now, { reviewCount, heldOut, weights });
  return { status: 'fitted', reviewCount, heldOut, weights };
}

async function readLogs(sql: Sql, userId: string): Promise<LoggedReview[]> {
  const rows = await sql<{ card_id: string; rating: number; review: Date }>`
    SELECT card_id::text AS card_id, rating, review
      FROM review_logs
     WHERE user_id = ${userId}::uuid
     ORDER BY review`;
  return rows.map((r) => ({ cardId: r.card_id, rating: r.rating, review: new Date(r.review) }));
}

async function storeFit(
  options: FitParametersOptions,
  userId: string,
  now: Date,
  fit: { reviewCount: number; heldOut: HeldOut; weights: readonly number[] },
): Promise<void> {
  const { defaults, fitted } = fit.heldOut;
  await options.db.sql`
    INSERT INTO fsrs_parameters (user_id, weights, fitted_at, review_count, log_loss_default,
                                 log_loss_fitted, rmse_default, rmse_fitted, optimizer)
    VALUES (${userId}::uuid, ${fit.weights}::float8[], ${now.toISOString()}::timestamptz,
            ${fit.reviewCount}::int, ${defaults.logLoss}::float8, ${fitted.logLoss}::float8,
            ${defaults.rmse}::float8, ${fitted.rmse}::float8, ${options.optimizer.name})
    ON CONFLICT (user_id) DO UPDATE SET
      weights = EXCLUDED.weights, fitted_at = EXCLUDED.fitted_at, review_count = EXCLUDED.review_count,
      log_loss_default = EXCLUDED.log_loss_default, log_loss_fitted = EXCLUDED.log_loss_fitted,
      rmse_default = EXCLUDED.rmse_default, rmse_fitted = EXCLUDED.rmse_fitted,
      optimizer = EXCLUDED.optimizer`;
}
