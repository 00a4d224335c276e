/**
 * The caller's review queue: cards due now, most overdue first. The (user_id, due)
 * index serves the query directly, so it reads only `limit` rows however many cards
 * are due. Retrievability and the four rating previews are ts-fsrs's at `now`, computed
 * without building the four cards and logs `repeat` would (FuzzOnceScheduler.previewDues).
 * It runs on `db.sql` (a prepared statement per connection on PostgreSQL), not
 * Prisma's $queryRaw: the statement is cheap, so Prisma's per-call work in this
 * process was a large share of the tool's cost. For the same reason its times come
 * back as epoch milliseconds: the driver parsed each timestamptz's text with a regular
 * expression (about 0.7 µs each, two per card).
 */
import type { Sql } from '@lumen/db';

import type { Actor } from '../actor.js';
import { checkLimit } from '../catalog/limit.js';
import { stateName, toFsrsCard } from './card-mapping.js';
import type { CardColumns } from './card-mapping.js';
import { isoTime } from '../iso-time.js';
import { formatDuration } from './format-interval.js';
import type { FuzzOnceScheduler } from './fuzz-once-scheduler.js';
import type { DueCard, ListDueInput, NextInterval } from './types.js';

interface DueRow extends CardColumns {
  due: number;
  last_review: number | null;
  id: string;
  prompt: string;
  answer: string;
  course_slug: string;
  course_title: string;
  lesson_slug: string | null;
}

export async function listDue(
  sql: Sql,
  scheduler: FuzzOnceScheduler,
  actor: Actor,
  input: ListDueInput,
  now: Date,
): Promise<DueCard[]> {
  const limit = checkLimit(input.limit);
  const rows = await sql<DueRow>`
    SELECT rc.id::text AS id, rc.prompt, rc.answer, round(date_part('epoch', rc.due) * 1000)::float8 AS due,
           rc.stability, rc.difficulty, rc.elapsed_days, rc.scheduled_days, rc.learning_steps, rc.reps,
           rc.lapses, rc.state, round(date_part('epoch', rc.last_review) * 1000)::float8 AS last_review,
           c.slug AS course_slug, c.title AS course_title, l.slug AS lesson_slug
      FROM (SELECT id, course_id, lesson_id, prompt, answer, due, stability, difficulty, elapsed_days,
                   scheduled_days, learning_steps, reps, lapses, state, last_review
              FROM review_cards
             WHERE user_id = ${actor.userId}::uuid AND due <= ${now.toISOString()}::timestamptz
             ORDER BY due, id
             LIMIT ${limit}::int) rc
      JOIN courses c ON c.id = rc.course_id
      LEFT JOIN lessons l ON l.id = rc.lesson_id
     ORDER BY rc.due, rc.id`;
  return rows.map((row) => toDueCard(scheduler, row, now));
}

function toDueCard(scheduler: FuzzOnceScheduler, row: DueRow, now: Date): DueCard {
  const card = toFsrsCard(row);
  const [again, hard, good, easy] = scheduler.previewDues(card, now);
  const nowMs = now.getTime();
  const next = (due: number): NextInterval => ({
    interval: formatDuration(due - nowMs),
    due: isoTime(due),
  });
  return {
    cardId: row.id,
    course: { slug: row.course_slug, title: row.course_title },
    lessonSlug: row.lesson_slug,
    prompt: row.prompt,
    answer: row.answer,
    state: stateName(row.state),
    due: isoTime(row.due),
    retrievability: row.state === 0 ? null : scheduler.retrievabilityAt(card, now),
    nextIntervals: { again: next(again), hard: next(hard), good: next(good), easy: next(easy) },
  };
}
