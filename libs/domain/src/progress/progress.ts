/**
 * The progress service behind `list_my_progress`: per enrolled course, lesson
 * completion and FSRS mastery. One SQL statement aggregates everything, whatever the
 * number of courses or cards; retrievability is evaluated in SQL with ts-fsrs's
 * FSRS-6 forgetting curve (see forgetting-curve.ts).
 */
import type { Db } from '@lumen/db';

import type { Actor } from '../actor.js';
import { forgettingCurveConstants } from './forgetting-curve.js';

export interface ProgressOptions {
  readonly db: Db;
  /** FSRS weights; only w[20] (the decay) matters here. Default: ts-fsrs's FSRS-6 defaults. */
  readonly weights?: readonly number[] | undefined;
}

export interface CourseProgress {
  readonly course: { readonly slug: string; readonly title: string };
  readonly lessonsCompleted: number;
  readonly lessonsTotal: number;
  /** 0-100, one decimal. */
  readonly percent: number;
  /** Mean current retrievability (0-1) of the caller's reviewed cards; null if none reviewed yet. */
  readonly mastery: number | null;
  readonly cardsDue: number;
  /** Cards never reviewed. */
  readonly cardsNew: number;
  /** Latest of enrolment, lesson completion and review (ISO 8601). */
  readonly lastActivity: string;
}

export interface Progress {
  listMyProgress(actor: Actor, now: Date): Promise<CourseProgress[]>;
}

interface ProgressRow {
  slug: string;
  title: string;
  lessons_total: number;
  lessons_completed: number;
  mastery: number | null;
  cards_due: number;
  cards_new: number;
  last_activity: Date;
}

export function createProgress(options: ProgressOptions): Progress {
  const { prisma } = options.db;
  const { decay, factor } = forgettingCurveConstants(options.weights);
  return {
    async listMyProgress(actor, now) {
      const at = now.toISOString();
      // t is whole days since the last review, floored, exactly as ts-fsrs's
      // get_retrievability counts it; a review "in the future" counts as t = 0.
      // date_part (float8) rather than extract (numeric): this runs once per card.
      const rows = await prisma.$queryRaw<ProgressRow[]>`
        WITH mine AS (
          SELECT course_id, created_at FROM enrollments WHERE user_id = ${actor.userId}::uuid
        ), cards AS (
          SELECT course_id,
                 avg(power(1 + ${factor}::float8
                       * greatest(floor((${now.getTime() / 1000}::float8 - date_part('epoch', last_review)) / 86400), 0)
                       / stability, ${decay}::float8))
                   FILTER (WHERE state <> 0 AND stability > 0 AND last_review IS NOT NULL) AS mastery,
                 count(*) FILTER (WHERE due <= ${at}::timestamptz) AS cards_due,
                 count(*) FILTER (WHERE state = 0) AS cards_new,
                 max(last_review) AS last_review
            FROM review_cards
           WHERE user_id = ${actor.userId}::uuid
           GROUP BY course_id
        ), done AS (
          SELECT course_id, count(*) AS n, max(completed_at) AS last_completed
            FROM lesson_completions WHERE user_id = ${actor.userId}::uuid GROUP BY course_id
        ), totals AS (
          SELECT course_id, count(*) AS n FROM lessons WHERE course_id IN (SELECT course_id FROM mine) GROUP BY course_id
        )
        SELECT c.slug, c.title,
               COALESCE(totals.n, 0)::int AS lessons_total, COALESCE(done.n, 0)::int AS lessons_completed,
               cards.mastery::float8 AS mastery,
               COALESCE(cards.cards_due, 0)::int AS cards_due, COALESCE(cards.cards_new, 0)::int AS cards_new,
               greatest(mine.created_at, done.last_completed, cards.last_review) AS last_activity
          FROM mine
          JOIN courses c ON c.id = mine.course_id
          LEFT JOIN cards ON cards.course_id = mine.course_id
          LEFT JOIN done ON done.course_id = mine.course_id
          LEFT JOIN totals ON totals.course_id = mine.course_id
         ORDER BY last_activity DESC, c.slug`;
      return rows.map(toProgress);
    },
  };
}

function toProgress(row: ProgressRow): CourseProgress {
  const percent = row.lessons_total === 0 ? 0 : Math.round((1000 * row.lessons_completed) / row.lessons_total) / 10;
  return {
    course: { slug: row.slug, title: row.title },
    lessonsCompleted: row.lessons_completed,
    lessonsTotal: row.lessons_total,
    percent,
    mastery: row.mastery === null ? null : Number(row.mastery),
    cardsDue: row.cards_due,
    cardsNew: row.cards_new,
    lastActivity: new Date(row.last_activity).toISOString(),
  };
}
