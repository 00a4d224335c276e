/**
 * FSRS-6's forgetting curve, R(t, S) = (1 + FACTOR * t / S) ^ DECAY, with
 * DECAY = -w[20] and FACTOR = 0.9 ^ (1 / DECAY) - 1, so that R(S, S) = 0.9 by the
 * definition of stability. These are the constants ts-fsrs uses
 * (computeDecayFactor), exported so SQL can evaluate the same curve in bulk.
 */
import { computeDecayFactor, default_w } from 'ts-fsrs';

export interface ForgettingCurve {
  readonly decay: number;
  readonly factor: number;
}

export function forgettingCurveConstants(w: readonly number[] = default_w): ForgettingCurve {
  const { decay, factor } = computeDecayFactor(w);
  return { decay, factor };
}
