import { askTutor } from './ask-tutor.js';
import { createCourseDraft } from './create-course-draft.js';
import { getCourse } from './get-course.js';
import { gradeReviewCard } from './grade-review-card.js';
import { ingestUrlToDraft } from './ingest-url-to-draft.js';
import { listCourses } from './list-courses.js';
import { listMyDueReviews } from './list-my-due-reviews.js';
import { listMyProgress } from './list-my-progress.js';
import { searchLessonContent } from './search-lesson-content.js';

/** The nine tools of the operator guide, in its order. */
export const lumenTools = [
  listCourses,
  getCourse,
  searchLessonContent,
  askTutor,
  listMyDueReviews,
  gradeReviewCard,
  listMyProgress,
  createCourseDraft,
  ingestUrlToDraft,
] as const;
