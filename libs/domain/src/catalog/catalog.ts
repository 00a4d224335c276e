/**
 * The catalog service behind `list_courses` and `get_course`.
 */
import type { Db } from '@lumen/db';

import type { Actor } from '../actor.js';
import { getCourse } from './get-course.js';
import { listCourses } from './list-courses.js';
import type { CourseDetail, CoursePage, ListCoursesInput } from './types.js';

export interface CatalogOptions {
  readonly db: Db;
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
  const { prisma, sql } = options.db;
  return {
    listCourses: (actor, input = {}) => listCourses(sql, actor, input),
    getCourse: (actor, slug) => getCourse(prisma, actor, slug),
  };
}
