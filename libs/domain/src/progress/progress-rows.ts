/**
 * The one statement behind list_my_progress: per enrolled course, lesson counts,
 * card counts and FSRS mastery, computed exactly at `now`.
 *
 * Mastery is a mean of per-card retrievabilities, and retrievability is non-linear
 * in time, so no rollup kept at grade time can give it exactly for an arbitrary
 * `now`; the statement evaluates ts-fsrs's forgetting curve for every reviewed card.
 * What keeps that fast for a learner with 100,000 cards (migration 0017):
 * - the cards are read as two disjoint slices, each through its own partial covering
 *   index, so both are index-only scans and no per-card FILTER is evaluated:
 *   `reviewed` (a memory to fade: mastery, due count, last review) and `unreviewed`
 *   (everything else: new and due counts). Their WHERE clauses repeat the index
 *   predicates word for word, which is what lets the planner use them;
 * - whole days since the last review come from two generated int4 columns (UTC day
 *   number and millisecond of day of last_review): t = now_day - review_day, less one
 *   when the review's time of day is later than now's, which is exactly ts-fsrs's
 *   floor((now - last_review) / 1 day) in whole milliseconds (0 for a review "in the
 *   future"). PGlite is 32-bit WebAssembly, where each float8 or timestamp step
 *   allocates; this leaves four float8 steps per card instead of nine;
 * - avg() rather than sum()/count(): avg's transition updates its state in place;
 * - it is a single statement on `db.sql` (a prepared statement per connection on
 *   PostgreSQL): parallel query, which cost 5x on a small busy server, is off for
 *   review_cards in the table's own settings, not per call.
 */
import type { Sql } from '@lumen/db';

import type { ForgettingCurve } from './forgetting-curve.js';

export interface ProgressRow {
  slug: string;
  title: string;
  lessons_total: number;
  lessons_completed: number;
  mastery: number | null;
  cards_due: number;
  cards_new: number;
  last_activity: Date;
}

const DAY_MS = 86_400_000;

export function readProgressRows(
  sql: Sql,
  userId: string,
  now: Date,
  curve: ForgettingCurve,
): Promise<ProgressRow[]> {
  const at = now.toISOString();
  const nowDay = Math.floor(now.getTime() / DAY_MS);
  const nowMsOfDay = now.getTime() - nowDay * DAY_MS;
  return sql<ProgressRow>`
    WITH mine AS (
      SELECT course_id, created_at FROM enrollments WHERE user_id = ${userId}::uuid
    ), reviewed AS (
      SELECT course_id,
             avg(power(1 + ${curve.factor}::float8
                   * CASE WHEN review_day >= ${nowDay}::int THEN 0
                          WHEN review_ms_of_day > ${nowMsOfDay}::int THEN ${nowDay}::int - 1 - review_day
                          ELSE ${nowDay}::int - review_day END
                   / stability, ${curve.decay}::float8)) AS mastery,
             count(*) FILTER (WHERE due <= ${at}::timestamptz) AS cards_due,
             max(last_review) AS last_review
        FROM review_cards
       WHERE user_id = ${userId}::uuid AND state <> 0 AND stability > 0 AND last_review IS NOT NULL
       GROUP BY course_id
    ), unreviewed AS (
      SELECT course_id,
             count(*) FILTER (WHERE due <= ${at}::timestamptz) AS cards_due,
             count(*) FILTER (WHERE state = 0) AS cards_new,
             max(last_review) AS last_review
        FROM review_cards
       WHERE user_id = ${userId}::uuid AND NOT (state <> 0 AND stability > 0 AND last_review IS NOT NULL)
       GROUP BY course_id
    ), done AS (
      SELECT course_id, count(*) AS n, max(completed_at) AS last_completed
        FROM lesson_completions WHERE user_id = ${userId}::uuid GROUP BY course_id
    ), totals AS (
      SELECT course_id, count(*) AS n FROM lessons WHERE course_id IN (SELECT course_id FROM mine) GROUP BY course_id
    )
    SELECT c.slug, c.title,
           COALESCE(totals.n, 0)::int AS lessons_total, COALESCE(done.n, 0)::int AS lessons_completed,
           reviewed.mastery::float8 AS mastery,
           (COALESCE(reviewed.cards_due, 0) + COALESCE(unreviewed.cards_due, 0))::int AS cards_due,
           COALESCE(unreviewed.cards_new, 0)::int AS cards_new,
           greatest(mine.created_at, done.last_completed, reviewed.last_review, unreviewed.last_review) AS last_activity
      FROM mine
      JOIN courses c ON c.id = mine.course_id
      LEFT JOIN reviewed ON reviewed.course_id = mine.course_id
      LEFT JOIN unreviewed ON unreviewed.course_id = mine.course_id
      LEFT JOIN done ON done.course_id = mine.course_id
      LEFT JOIN totals ON totals.course_id = mine.course_id
     ORDER BY last_activity DESC, c.slug`;
}
