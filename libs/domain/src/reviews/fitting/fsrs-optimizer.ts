/**
 * The optimizer port and its one implementation: fsrs-rs (the reference FSRS
 * optimizer, the one Anki ships) through `@open-spaced-repetition/binding`, a napi
 * build that runs offline from its npm package. Its 0.5 line is published with a
 * native module for linux-x64 (glibc) only; elsewhere loading it fails and a fit is
 * refused with `OptimizerUnavailableError`, so schedules stay on the defaults. It returns 21 weights, FSRS-6's vector in
 * the same order ts-fsrs reads as `w` (w[19] short-term, w[20] decay).
 *
 * The binding is imported on first use only: processes that never fit (a stdio
 * server, most CLI commands) never load the native module.
 */
import type * as BindingModule from '@open-spaced-repetition/binding';
import { default_w } from 'ts-fsrs';

import { spansDays } from './review-history.js';
import type { CardHistory } from './review-history.js';

/** How well a weight vector predicts recall on a set of items. */
export interface FitMetrics {
  /** Mean binary cross-entropy of predicted recall vs the outcome (lower is better). */
  readonly logLoss: number;
  /** RMSE of predicted vs observed recall over bins, as fsrs-rs reports it (lower is better). */
  readonly rmse: number;
}

export interface FsrsOptimizer {
  /** Recorded with each fit, e.g. 'fsrs-rs (@open-spaced-repetition/binding 0.5)'. */
  readonly name: string;
  /** FSRS-6 weights (21 numbers) fitted to the items. */
  fit(items: readonly CardHistory[]): Promise<number[]>;
  /**
   * Predictions of the items' last reviews. fsrs-rs scores only predictions across at
   * least one day (a same-day review says little about long-term memory), so only
   * items whose last review came a day or more after the one before are scored; there
   * must be at least one.
   */
  evaluate(weights: readonly number[], items: readonly CardHistory[]): Promise<FitMetrics>;
}

/**
 * fsrs-rs panics on some malformed items, and a panic in the native module aborts the
 * whole process: every item is checked here first, so a bad one is a plain Error.
 */
function checked(items: readonly CardHistory[]): readonly CardHistory[] {
  if (items.length === 0) throw new Error('no items to fit or evaluate');
  for (const item of items) {
    const ok =
      item.length >= 2 &&
      item[0]!.deltaT === 0 &&
      item.every(
        (r) => [1, 2, 3, 4].includes(r.rating) && Number.isInteger(r.deltaT) && r.deltaT >= 0,
      ) &&
      spansDays(item);
    if (!ok)
      throw new Error('an FSRS item must be 2+ reviews, rated 1-4, spanning at least one day');
  }
  return items;
}

type Binding = typeof BindingModule;

/** The optimizer's native module cannot be loaded on this platform. */
export class OptimizerUnavailableError extends Error {
  readonly code = 'fsrs.optimizer_unavailable';
  constructor(cause: unknown) {
    super(
      `the FSRS optimizer (@open-spaced-repetition/binding) cannot load on ` +
        `${process.platform}-${process.arch}: ${(cause as Error)?.message ?? String(cause)}; ` +
        `schedules stay on FSRS-6's default weights`,
    );
    this.name = 'OptimizerUnavailableError';
  }
}

export const FSRS_RS_OPTIMIZER = 'fsrs-rs (@open-spaced-repetition/binding 0.5)';

export function createFsrsRsOptimizer(
  options: { importBinding?: () => Promise<Binding> } = {},
): FsrsOptimizer {
  const importBinding = options.importBinding ?? (() => import('@open-spaced-repetition/binding'));
  let binding: Promise<Binding> | undefined;
  const load = () =>
    (binding ??= importBinding().catch((error: unknown) => {
      throw new OptimizerUnavailableError(error);
    }));
  const toItems = (b: Binding, items: readonly CardHistory[]) =>
    checked(items).map(
      (reviews) =>
        new b.FSRSBindingItem(reviews.map((r) => new b.FSRSBindingReview(r.rating, r.deltaT))),
    );
  return {
    name: FSRS_RS_OPTIMIZER,
    async fit(items) {
      const b = await load();
      // Short-term (same-day) reviews are modelled, as ts-fsrs's default scheduler does;
      // one relearning step matches ts-fsrs's default relearning_steps ['10m'].
      const weights = await b.computeParameters(toItems(b, items), {
        enableShortTerm: true,
        numRelearningSteps: 1,
      });
      if (weights.length !== default_w.length || !weights.every(Number.isFinite)) {
        throw new Error(`optimizer returned ${weights.length} weights, expected 21 finite numbers`);
      }
      return weights;
    },
    async evaluate(weights, items) {
      const b = await load();
      const scored = items.filter((item) => (item[item.length - 1]?.deltaT ?? 0) > 0);
      const { logLoss, rmseBins } = new b.FSRSBinding([...weights]).evaluate(toItems(b, scored));
      return { logLoss, rmse: rmseBins };
    },
  };
}
