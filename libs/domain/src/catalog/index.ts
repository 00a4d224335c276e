/** Catalog and syllabus: list_courses, get_course. */
export { createCatalog } from './catalog.js';
export type { Catalog, CatalogOptions } from './catalog.js';
export { CATALOG_CHANNEL, createCatalogCache } from './catalog-cache.js';
export type { CatalogCache, CatalogCacheOptions } from './catalog-cache.js';
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
