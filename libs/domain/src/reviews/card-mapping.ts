/**
 * The one place where a `review_cards` row and ts-fsrs's `Card` meet. Columns carry
 * ts-fsrs's field names in snake_case; state is ts-fsrs's numeric State enum; times
 * are timestamptz(3), i.e. JavaScript Dates at millisecond precision, in UTC, or epoch
 * milliseconds where a statement selects them so (cheaper for the driver to read).
 */
import { State } from 'ts-fsrs';
import type { Card } from 'ts-fsrs';

/** The scheduling columns of `review_cards`, as read by raw SQL. */
export interface CardColumns {
  due: Date | number;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  state: number;
  last_review: Date | number | null;
}

export type CardStateName = 'new' | 'learning' | 'review' | 'relearning';

const STATE_NAMES: Record<State, CardStateName> = {
  [State.New]: 'new',
  [State.Learning]: 'learning',
  [State.Review]: 'review',
  [State.Relearning]: 'relearning',
};

export function stateName(state: number): CardStateName {
  const name = STATE_NAMES[state as State];
  if (!name) throw new Error(`review card has unknown state ${state}`);
  return name;
}

export function toFsrsCard(row: CardColumns): Card {
  return {
    due: new Date(row.due),
    stability: row.stability,
    difficulty: row.difficulty,
    elapsed_days: row.elapsed_days,
    scheduled_days: row.scheduled_days,
    learning_steps: row.learning_steps,
    reps: row.reps,
    lapses: row.lapses,
    state: row.state as State,
    ...(row.last_review !== null ? { last_review: new Date(row.last_review) } : {}),
  };
}

export function fromFsrsCard(card: Card): CardColumns {
  return {
    due: card.due,
    stability: card.stability,
    difficulty: card.difficulty,
    elapsed_days: card.elapsed_days,
    scheduled_days: card.scheduled_days,
    learning_steps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    last_review: card.last_review ?? null,
  };
}
