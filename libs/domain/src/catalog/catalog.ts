/**
 * The catalog service behind `list_courses` and `get_course`.
 */
import type { Db } from '@lumen/db';

import type { Actor } from '../actor.js';
import { catalogPageKey, frozenPage } from './catalog-cache.js';
import type { CatalogCache } from './catalog-cache.js';
import { getCourse } from './get-course.js';
import { listCourses } from './list-courses.js';
import type { CourseDetail, CoursePage, ListCoursesInput } from './types.js';

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
  };
}
