/** Catalog and syllabus: list_courses, get_course, lessons and slug suggestions. */
export { createCatalog } from './catalog.js';
export type { Catalog, CatalogOptions } from './catalog.js';
export { CATALOG_CHANNEL, createCatalogCache } from './catalog-cache.js';
export type { CatalogCache, CatalogCacheOptions } from './catalog-cache.js';
export { courseSearchText } from './search-text.js';
export type {
  CourseDetail,
  SyllabusCourse,
  SyllabusPage,
  CoursePage,
  CourseStatusName,
  CourseSummary,
  LessonCard,
  LessonDetail,
  ListCoursesInput,
  SizedLesson,
  SlugSuggestions,
  SubjectRef,
  SyllabusLesson,
  SyllabusModule,
} from './types.js';
