/**
 * A simulated learner whose memory follows known FSRS-6 weights: their cards are
 * scheduled the way Lumen schedules them before any fit (ts-fsrs defaults, no fuzz),
 * and each review's outcome is drawn from the retrievability the TRUE weights give at
 * that moment. A fit that recovers the learner should predict their reviews about as
 * well as the true weights do, and better than the defaults. For tests and bench/.
 */
import { createEmptyCard, default_w, fsrs, generatorParameters } from 'ts-fsrs';
import type { Card, Grade } from 'ts-fsrs';

import type { LoggedReview } from '../review-history.js';

/**
 * A learner who forgets much faster than FSRS-6's defaults assume: lower initial
 * stabilities (w0-w3), slower stability growth on success (w8) and a steeper curve
 * (w20). Scheduled with the defaults, they recall about 80% of due cards, not 90%.
 */
export const FORGETFUL_WEIGHTS: readonly number[] = default_w.map((w, i) =>
  i === 0
    ? 0.08
    : i === 1
      ? 0.3
      : i === 2
        ? 0.9
        : i === 3
          ? 2.5
          : i === 8
            ? 0.9
            : i === 20
              ? 0.4
              : w,
);

export interface SimulationOptions {
  /** The learner's true weights. */
  readonly weights: readonly number[];
  readonly cards: number;
  /** Days simulated after the first card's introduction. */
  readonly days: number;
  readonly seed: number;
  readonly start: Date;
  /** Card ids to use (default c0, c1, …). */
  readonly cardIds?: readonly string[] | undefined;
}

const DAY = 86_400_000;

/** A small deterministic PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function simulateLearner(options: SimulationOptions): LoggedReview[] {
  const random = seededRandom(options.seed);
  const schedule = fsrs(generatorParameters({ enable_fuzz: false }));
  const truth = fsrs(generatorParameters({ w: [...options.weights], enable_fuzz: false }));
  const end = options.start.getTime() + options.days * DAY;
  const logs: LoggedReview[] = [];
  for (let c = 0; c < options.cards; c++) {
    const cardId = options.cardIds?.[c] ?? `c${c}`;
    // Cards are introduced over the first third of the period, at a random time of day.
    let at = new Date(
      options.start.getTime() + Math.floor(random() * (options.days / 3)) * DAY + random() * DAY,
    );
    let scheduled: Card = createEmptyCard(at);
    let memory: Card = createEmptyCard(at);
    while (at.getTime() < end) {
      const rating = drawRating(
        random,
        memory.state === 0 ? null : truth.get_retrievability(memory, at, false),
      );
      logs.push({ cardId, rating, review: at });
      scheduled = schedule.next(scheduled, at, rating).card;
      memory = truth.next(memory, at, rating).card;
      // The learner turns up when the card is due, or within the next day.
      at = new Date(
        Math.max(scheduled.due.getTime(), at.getTime() + 60_000) + random() * (DAY / 2),
      );
    }
  }
  return logs.sort((a, b) => a.review.getTime() - b.review.getTime());
}

/** A first sight is rated by how easy the card looks; later ones by whether it was recalled. */
function drawRating(random: () => number, recall: number | null): Grade {
  const u = random();
  if (recall === null) return (u < 0.25 ? 1 : u < 0.4 ? 2 : u < 0.9 ? 3 : 4) as Grade;
  if (random() >= recall) return 1 as Grade;
  return (u < 0.15 ? 2 : u < 0.9 ? 3 : 4) as Grade;
}
