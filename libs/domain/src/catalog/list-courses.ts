/**
 * The catalog query: one SQL statement returns a page of visible courses with their
 * lesson counts, minutes and the caller's enrolment, so the cost does not grow with
 * the page size (no per-row follow-up queries).
 */
import type { SqlQuery } from '@lumen/db';

import type { Actor } from '../actor.js';
import { checkLimit } from './limit.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { containsPattern, filterWords } from './search-text.js';
import type { CoursePage, CourseStatusName, CourseSummary, ListCoursesInput } from './types.js';

interface CourseRow {
  id: string;
  slug: string;
  title: string;
  summary: string;
  status: CourseStatusName;
  created_at: Date;
  subject_slug: string | null;
  subject_name: string | null;
  lesson_count: number;
  minutes: number;
  enrolled: boolean;
}

export async function listCourses(
  sql: SqlQuery,
  actor: Actor,
  input: ListCoursesInput,
): Promise<CoursePage> {
  const limit = checkLimit(input.limit);
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  // One static statement (a prepared statement on PostgreSQL): the optional cursor is
  // a pair of nullable parameters and the filter words an array of LIKE patterns that
  // must all match. list_courses is the hottest tool, so it skips Prisma's per-query work.
  const patterns = filterWords(input.filter).map(containsPattern);
  // The page is chosen first and only its rows get lesson totals and the enrolment:
  // counting lessons for every matching course before the LIMIT cost most of the
  // statement. Totals come from an index-only scan (migration 0015 covers minutes).
  const rows = await sql<CourseRow>`
    SELECT p.id::text AS id, p.slug, p.title, p.summary, p.status::text AS status, p.created_at,
           s.slug AS subject_slug, s.name AS subject_name,
           COALESCE(l.lesson_count, 0)::int AS lesson_count, COALESCE(l.minutes, 0)::int AS minutes,
           EXISTS (SELECT 1 FROM enrollments e WHERE e.course_id = p.id AND e.user_id = ${actor.userId}::uuid) AS enrolled
      FROM (
        SELECT c.id, c.slug, c.title, c.summary, c.status, c.created_at, c.subject_id
          FROM courses c
         WHERE (c.status = 'published' OR c.owner_id = ${actor.userId}::uuid)
           AND (${after ? after.createdAt.toISOString() : null}::timestamptz IS NULL
                OR (c.created_at, c.id) < (${after ? after.createdAt.toISOString() : null}::timestamptz, ${after ? after.id : null}::uuid))
           AND c.search_text LIKE ALL (${patterns}::text[])
         ORDER BY c.created_at DESC, c.id DESC
         LIMIT ${limit + 1}
      ) p
      LEFT JOIN subjects s ON s.id = p.subject_id
      LEFT JOIN LATERAL (
        SELECT count(*) AS lesson_count, sum(estimated_minutes) AS minutes FROM lessons WHERE course_id = p.id
      ) l ON true
     ORDER BY p.created_at DESC, p.id DESC`;
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    courses: page.map(toSummary),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor({ createdAt: new Date(last.created_at), id: last.id })
        : null,
  };
}

function toSummary(row: CourseRow): CourseSummary {
  return {
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    subject:
      row.subject_slug && row.subject_name
        ? { slug: row.subject_slug, name: row.subject_name }
        : null,
    status: row.status,
    lessonCount: row.lesson_count,
    estimatedMinutes: row.minutes,
    enrolled: row.enrolled,
  };
}
