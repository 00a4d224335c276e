/** Progress and mastery: list_my_progress. */
export { createProgress } from './progress.js';
export type { CourseProgress, MyProgress, Progress, ProgressOptions } from './progress.js';
export type { ScheduleInfo } from './schedule-info.js';
