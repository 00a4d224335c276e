/** Catalog and syllabus: list_courses, get_course. */
export { createCatalog } from './catalog.js';
export type { Catalog, CatalogOptions } from './catalog.js';
export { courseSearchText } from './search-text.js';
export type {
  CourseDetail,
  CoursePage,
  CourseStatusName,
  CourseSummary,
  ListCoursesInput,
  SubjectRef,
  SyllabusLesson,
  SyllabusModule,
} from './types.js';
