/** Fitting FSRS-6 weights to each learner from their own review log (issue 19). */
export {
  createFsrsRsOptimizer,
  FSRS_RS_OPTIMIZER,
  OptimizerUnavailableError,
} from './fsrs-optimizer.js';
export type { FitMetrics, FsrsOptimizer } from './fsrs-optimizer.js';
export { fitUserParameters, MIN_REVIEWS } from './fit-parameters.js';
export type { FitOutcome, FitParametersOptions, HeldOut } from './fit-parameters.js';
export { fitUsers } from './fit-users.js';
export type { UserFit } from './fit-users.js';
export { toCardHistories, toTimedItems } from './review-history.js';
export type { CardHistory, HistoryReview, LoggedReview, TimedItem } from './review-history.js';
export { createParameterRefitter } from './refit-timer.js';
export type { ParameterRefitter, ParameterRefitterOptions } from './refit-timer.js';
