/**
 * Fitting every learner who has reviews (or one, by email), one after another: the
 * CLI's `lumen fsrs optimize` and the daily refit. Fits run sequentially so a refit
 * never takes more than one core from the server it runs in.
 */
import { LumenError } from '../../errors.js';
import { fitUserParameters } from './fit-parameters.js';
import type { FitOutcome, FitParametersOptions } from './fit-parameters.js';

export interface UserFit {
  readonly userId: string;
  readonly email: string;
  readonly outcome: FitOutcome;
}

export async function fitUsers(
  options: FitParametersOptions,
  now: Date,
  filter: {
    readonly email?: string | undefined;
    /** Only learners with a review at or after this time (the daily refit's "since the last run"). */
    readonly reviewedSince?: Date | undefined;
  } = {},
): Promise<UserFit[]> {
  const { sql } = options.db;
  const users =
    filter.email === undefined
      ? await sql<{ id: string; email: string }>`
          SELECT u.id::text AS id, u.email FROM users u
           WHERE EXISTS (SELECT 1 FROM review_logs r
                          WHERE r.user_id = u.id AND r.review >= ${(filter.reviewedSince ?? new Date(0)).toISOString()}::timestamptz)
           ORDER BY u.email`
      : await sql<{ id: string; email: string }>`
          SELECT id::text AS id, email FROM users WHERE email = ${filter.email}`;
  if (filter.email !== undefined && users.length === 0) {
    throw new LumenError(
      'mcp.invalid_argument',
      `no user with email ${JSON.stringify(filter.email)}`,
    );
  }
  const fits: UserFit[] = [];
  for (const user of users) {
    fits.push({
      userId: user.id,
      email: user.email,
      outcome: await fitUserParameters(options, user.id, now),
    });
  }
  return fits;
}
