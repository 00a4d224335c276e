/**
 * Applying one rating to one card.
 *
 * Concurrency: the card is read, the next state computed with ts-fsrs, and then ONE
 * SQL statement (a data-modifying CTE, hence one transaction) updates the card only
 * if its `version` is still the one read (compare-and-swap) and appends the review
 * log row for exactly that version. Two grades racing on the same card therefore
 * cannot both apply to the same prior state; the loser is told so with
 * 'mcp.review.conflict' instead of being silently re-applied to a state its user
 * never saw (a racing duplicate is almost always a double submit). The unique
 * (card_id, card_version) index is the last line of defence against a duplicate log.
 *
 * Both statements go through `db.sql` (named prepared statements on the driver)
 * rather than Prisma's $queryRaw: with 16 concurrent graders that cut the CPU per
 * grade from about 0.64 ms here + 1.31 ms in PostgreSQL to 0.23 + 0.71 (parse and
 * plan once per connection, no query-compiler or result-mapping work here).
 */
import type { Sql } from '@lumen/db';
import type { Card, FSRS, Grade, ReviewLog } from 'ts-fsrs';

import type { Actor } from '../actor.js';
import { isUuid } from '../catalog/cursor.js';
import { LumenError } from '../errors.js';
import { stateName, toFsrsCard } from './card-mapping.js';
import type { CardColumns } from './card-mapping.js';
import { formatInterval } from './format-interval.js';
import type { GradeInput, GradeResult } from './types.js';

interface VersionedCard extends CardColumns {
  version: number;
}

export async function gradeCard(
  sql: Sql,
  scheduler: FSRS,
  actor: Actor,
  input: GradeInput,
  now: Date,
): Promise<GradeResult> {
  const rating = checkRating(input.rating);
  const current = await readOwnCard(sql, actor, input.cardId);
  const { card, log } = scheduler.next(toFsrsCard(current), now, rating);
  const applied = await applyGrade(sql, actor, input.cardId, current.version, card, log);
  if (!applied) {
    throw new LumenError(
      'mcp.review.conflict',
      `card ${input.cardId} was graded by another request at the same moment; this rating was not applied. ` +
        'Fetch your due cards again and grade the card as it is now.',
      { details: { cardId: input.cardId } },
    );
  }
  return {
    cardId: input.cardId,
    rating,
    state: stateName(card.state),
    due: card.due.toISOString(),
    scheduledDays: card.scheduled_days,
    interval: formatInterval(now, card.due),
    stability: card.stability,
    difficulty: card.difficulty,
    reps: card.reps,
    lapses: card.lapses,
  };
}

function checkRating(rating: unknown): Grade {
  if (typeof rating !== 'number' || !Number.isInteger(rating) || rating < 1 || rating > 4) {
    throw new LumenError(
      'mcp.review.invalid_rating',
      `rating must be 1 (again), 2 (hard), 3 (good) or 4 (easy); got ${JSON.stringify(rating)}`,
    );
  }
  return rating as Grade;
}

async function readOwnCard(sql: Sql, actor: Actor, cardId: string): Promise<VersionedCard> {
  // A malformed id is "not found" too: it must never reach the database as a cast error.
  const rows = isUuid(cardId)
    ? await sql<VersionedCard>`
        SELECT due, stability, difficulty, elapsed_days, scheduled_days, learning_steps, reps, lapses,
               state, last_review, version
          FROM review_cards
         WHERE id = ${cardId}::uuid AND user_id = ${actor.userId}::uuid`
    : [];
  const row = rows[0];
  if (!row) {
    throw new LumenError('mcp.review.not_found', `no review card ${cardId} among yours`, {
      details: { cardId },
    });
  }
  return row;
}

async function applyGrade(
  sql: Sql,
  actor: Actor,
  cardId: string,
  version: number,
  card: Card,
  log: ReviewLog,
): Promise<boolean> {
  const lastReview = card.last_review ? card.last_review.toISOString() : null;
  const rows = await sql<{ card_id: string }>`
    WITH updated AS (
      UPDATE review_cards
         SET due = ${card.due.toISOString()}::timestamptz, stability = ${card.stability}::float8,
             difficulty = ${card.difficulty}::float8, elapsed_days = ${card.elapsed_days}::int,
             scheduled_days = ${card.scheduled_days}::int, learning_steps = ${card.learning_steps}::int,
             reps = ${card.reps}::int, lapses = ${card.lapses}::int, state = ${card.state}::int,
             last_review = ${lastReview}::timestamptz, version = version + 1
       WHERE id = ${cardId}::uuid AND user_id = ${actor.userId}::uuid AND version = ${version}::int
      RETURNING id
    )
    INSERT INTO review_logs (card_id, user_id, card_version, rating, state, due, stability, difficulty,
                             elapsed_days, last_elapsed_days, scheduled_days, learning_steps, review, created_at)
    SELECT id, ${actor.userId}::uuid, ${version}::int, ${log.rating}::int, ${log.state}::int,
           ${log.due.toISOString()}::timestamptz, ${log.stability}::float8, ${log.difficulty}::float8,
           ${log.elapsed_days}::int, ${log.last_elapsed_days}::int, ${log.scheduled_days}::int,
           ${log.learning_steps}::int, ${log.review.toISOString()}::timestamptz, ${log.review.toISOString()}::timestamptz
      FROM updated
    RETURNING card_id::text AS card_id`;
  return rows.length === 1;
}
