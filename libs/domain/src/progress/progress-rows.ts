/**
 * The one statement behind list_my_progress: per enrolled course, lesson counts,
 * card counts and FSRS mastery, exact at `now`.
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
 * - lesson totals and completions are not counted here: the database keeps them on
 *   write (migration 0021), as courses.lesson_count and one lesson_completion_counts
 *   row per learner and course (count and latest completion), which triggers on lessons
 *   and lesson_completions keep exact for every writer. Counting those rows cost about
 *   a fifth of the statement's PostgreSQL CPU on the throughput bench's fixture;
 * - the learner's schedule (fsrs_parameters, see schedule-info.ts) rides on the same
 *   statement: a one-row left join in front of the courses, so a learner with no
 *   courses still gets one row, with null course columns, and no second round trip;
 * - timestamps come back as epoch milliseconds (float8): cheaper to print for the
 *   server and to read for the driver than timestamptz text;
 * - it is a single statement on `db.sql` (a prepared statement per connection on
 *   PostgreSQL): parallel query, which cost 5x on a small busy server, is off for
 *   review_cards in the table's own settings, not per call.
 */
import type { Sql } from '@lumen/db';

import type { ForgettingCurve } from './forgetting-curve.js';
import type { ScheduleInfo } from './schedule-info.js';

export interface ProgressRow {
  slug: string;
  title: string;
  lessons_total: number;
  lessons_completed: number;
  mastery: number | null;
  cards_due: number;
  cards_new: number;
  /** Epoch milliseconds. */
  last_activity: number;
}

/** One row per enrolled course (none without enrolments), and the learner's schedule. */
export interface ProgressRead {
  rows: ProgressRow[];
  schedule: ScheduleInfo;
}

/** A course row (slug null when the learner has no course) with the schedule columns. */
type JoinedRow = { [K in keyof ProgressRow]: ProgressRow[K] | null } & {
  fitted_ms: number | null;
  review_count: number | null;
};

const DAY_MS = 86_400_000;

export async function readProgress(
  sql: Sql,
  userId: string,
  now: Date,
  curve: ForgettingCurve,
): Promise<ProgressRead> {
  const at = now.toISOString();
  const nowDay = Math.floor(now.getTime() / DAY_MS);
  const nowMsOfDay = now.getTime() - nowDay * DAY_MS;
  const joined = await sql<JoinedRow>`
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
    )
    SELECT f.fitted_ms, f.review_count, r.*
      FROM (SELECT 1) AS one
      LEFT JOIN (
        SELECT round(date_part('epoch', fitted_at) * 1000)::float8 AS fitted_ms, review_count
          FROM fsrs_parameters WHERE user_id = ${userId}::uuid
      ) AS f ON true
      LEFT JOIN (
        SELECT c.slug, c.title,
               c.lesson_count AS lessons_total, COALESCE(done.completed, 0) AS lessons_completed,
               reviewed.mastery::float8 AS mastery,
               (COALESCE(reviewed.cards_due, 0) + COALESCE(unreviewed.cards_due, 0))::int AS cards_due,
               COALESCE(unreviewed.cards_new, 0)::int AS cards_new,
               round(date_part('epoch', greatest(mine.created_at, done.last_completed_at,
                                                 reviewed.last_review, unreviewed.last_review)) * 1000)::float8
                 AS last_activity
          FROM mine
          JOIN courses c ON c.id = mine.course_id
          LEFT JOIN reviewed ON reviewed.course_id = mine.course_id
          LEFT JOIN unreviewed ON unreviewed.course_id = mine.course_id
          LEFT JOIN lesson_completion_counts done
                 ON done.user_id = ${userId}::uuid AND done.course_id = mine.course_id
      ) AS r ON true
     ORDER BY r.last_activity DESC, r.slug`;
  const first = joined[0];
  const schedule: ScheduleInfo =
    first && first.fitted_ms !== null && first.review_count !== null
      ? {
          personalised: true,
          fittedAt: new Date(first.fitted_ms).toISOString(),
          reviewCount: first.review_count,
        }
      : { personalised: false, fittedAt: null, reviewCount: null };
  return { rows: !first || first.slug === null ? [] : (joined as ProgressRow[]), schedule };
}
