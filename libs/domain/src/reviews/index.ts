/** FSRS-6 reviews: list_my_due_reviews, grade_review_card. */
export { createReviews } from './reviews.js';
export type { Reviews, ReviewsOptions } from './reviews.js';
export type { CardStateName } from './card-mapping.js';
export type { DueCard, GradeInput, GradeResult, ListDueInput, NextInterval } from './types.js';
export {
  createFsrsRsOptimizer,
  createParameterRefitter,
  fitUserParameters,
  fitUsers,
  FSRS_RS_OPTIMIZER,
  OptimizerUnavailableError,
  MIN_REVIEWS,
  toCardHistories,
  toTimedItems,
} from './fitting/index.js';
export type {
  CardHistory,
  FitMetrics,
  FitOutcome,
  FitParametersOptions,
  FsrsOptimizer,
  HeldOut,
  HistoryReview,
  LoggedReview,
  ParameterRefitter,
  ParameterRefitterOptions,
  TimedItem,
  UserFit,
} from './fitting/index.js';
