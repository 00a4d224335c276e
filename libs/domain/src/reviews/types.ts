/** Result shapes of the review service. */
import type { CardStateName } from './card-mapping.js';

export interface NextInterval {
  /** Human-friendly, e.g. '10m', '1d', '3d'. */
  readonly interval: string;
  /** ISO 8601 due time the rating would give. */
  readonly due: string;
}

export interface DueCard {
  readonly cardId: string;
  readonly course: { readonly slug: string; readonly title: string };
  readonly lessonSlug: string | null;
  readonly prompt: string;
  readonly answer: string;
  readonly state: CardStateName;
  /** ISO 8601. */
  readonly due: string;
  /** Probability of recall now (0-1); null for a card never reviewed. */
  readonly retrievability: number | null;
  readonly nextIntervals: {
    readonly again: NextInterval;
    readonly hard: NextInterval;
    readonly good: NextInterval;
    readonly easy: NextInterval;
  };
}

export interface ListDueInput {
  /** 1-100, default 20. */
  readonly limit?: number | undefined;
}

export interface GradeInput {
  readonly cardId: string;
  /** 1 again, 2 hard, 3 good, 4 easy. */
  readonly rating: number;
}

export interface GradeResult {
  readonly cardId: string;
  readonly rating: number;
  readonly state: CardStateName;
  /** ISO 8601 time the card is next due. */
  readonly due: string;
  /** Whole days until due (0 while in (re)learning steps). */
  readonly scheduledDays: number;
  /** Human-friendly time until due, e.g. '10m', '3d'. */
  readonly interval: string;
  readonly stability: number;
  readonly difficulty: number;
  readonly reps: number;
  readonly lapses: number;
}
