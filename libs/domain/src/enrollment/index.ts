/** Enrolment and lesson completion. */
export { createEnrollments } from './enrollments.js';
export type { EnrollResult, Enrollments, EnrollmentsOptions } from './enrollments.js';
export type { LessonCompletionResult } from './complete-lesson.js';
