/**
 * The catalog service behind `list_courses` and `get_course`, and behind the MCP
 * resources, completions and prompts that show courses and lessons.
 */
import type { Db } from '@lumen/db';

import type { Actor } from '../actor.js';
import { catalogPageKey, frozenPage } from './catalog-cache.js';
import type { CatalogCache } from './catalog-cache.js';
import { listSyllabi } from './syllabus-page.js';
import { getCourse } from './get-course.js';
import { getLesson } from './get-lesson.js';
import { listCourses } from './list-courses.js';
import { suggestCourseSlugs, suggestLessonSlugs } from './slug-suggestions.js';
import type {
  CourseDetail,
  SyllabusPage,
  CoursePage,
  LessonDetail,
  ListCoursesInput,
  SlugSuggestions,
} from './types.js';

export interface CatalogOptions {
  readonly db: Db;
  /** Remembers listings between calls (see catalog-cache.ts); without it every call reads. */
  readonly cache?: CatalogCache | undefined;
}

export interface Catalog {
  /**
   * Published courses plus the caller's own drafts, newest first. `now` is accepted
   * for a uniform service signature; the listing itself does not depend on time.
   */
  listCourses(actor: Actor, input?: ListCoursesInput, now?: Date): Promise<CoursePage>;
  /** The course and its syllabus; 'mcp.course.not_found' for unknown or hidden drafts. */
  getCourse(actor: Actor, slug: string): Promise<CourseDetail>;
  /**
   * One lesson's markdown with its card templates (and the caller's card for each);
   * the course as getCourse sees it, else 'mcp.course.not_found'; 'mcp.lesson.not_found'.
   */
  getLesson(actor: Actor, courseSlug: string, lessonSlug: string): Promise<LessonDetail>;
  /** listCourses's page (same cursor) with every course's syllabus and lesson sizes. */
  listSyllabi(actor: Actor, input?: Omit<ListCoursesInput, 'filter'>): Promise<SyllabusPage>;
  /** Slugs of courses getCourse would show the caller, starting with `typed`. */
  suggestCourseSlugs(actor: Actor, typed: string, limit?: number): Promise<SlugSuggestions>;
  /** Slugs of one visible course's lessons starting with `typed`, in syllabus order. */
  suggestLessonSlugs(
    actor: Actor,
    courseSlug: string,
    typed: string,
    limit?: number,
  ): Promise<SlugSuggestions>;
}

export function createCatalog(options: CatalogOptions): Catalog {
  const { sql } = options.db;
  const { cache } = options;
  return {
    listCourses: (actor, input = {}) =>
      cache
        ? cache.get(catalogPageKey(actor, input), async () =>
            frozenPage(await listCourses(sql, actor, input)),
          )
        : listCourses(sql, actor, input),
    getCourse: (actor, slug) => getCourse(sql, actor, slug),
    getLesson: (actor, courseSlug, lessonSlug) => getLesson(sql, actor, courseSlug, lessonSlug),
    listSyllabi: (actor, input = {}) => listSyllabi(sql, actor, input),
    suggestCourseSlugs: (actor, typed, limit) => suggestCourseSlugs(sql, actor, typed, limit),
    suggestLessonSlugs: (actor, courseSlug, typed, limit) =>
      suggestLessonSlugs(sql, actor, courseSlug, typed, limit),
  };
}
