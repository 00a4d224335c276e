/** FSRS-6 reviews: list_my_due_reviews, grade_review_card. */
export { createReviews } from './reviews.js';
export type { Reviews, ReviewsOptions } from './reviews.js';
export type { CardStateName } from './card-mapping.js';
export type { DueCard, GradeInput, GradeResult, ListDueInput, NextInterval } from './types.js';
