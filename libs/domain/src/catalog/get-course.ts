/**
 * One course with its syllabus tree in one statement whatever its size: a row per
 * lesson (or one row for a course without lessons) carrying the course, its subject,
 * the caller's enrolment and whether the caller completed that lesson. Only the
 * columns the syllabus shows are read; lesson bodies (`content_md`, often tens of KB)
 * never leave the database. On the lean SQL path (a prepared statement on PostgreSQL):
 * through Prisma, the include of every lesson and two follow-up queries cost several
 * times the database's own work.
 */
import type { SqlQuery } from '@lumen/db';

import type { Actor } from '../actor.js';
import { canSeeCourse, courseNotFound } from './course-visibility.js';
import type { CourseStatusName, CourseDetail, SyllabusModule } from './types.js';

interface SyllabusRow {
  slug: string;
  title: string;
  summary: string;
  status: CourseStatusName;
  owner_id: string;
  subject_slug: string | null;
  subject_name: string | null;
  enrolled: boolean;
  module_position: number | null;
  module_title: string | null;
  lesson_slug: string | null;
  lesson_title: string | null;
  lesson_position: number | null;
  minutes: number | null;
  completed: boolean;
}

export async function getCourse(sql: SqlQuery, actor: Actor, slug: string): Promise<CourseDetail> {
  const rows = await sql<SyllabusRow>`
    SELECT c.slug, c.title, c.summary, c.status::text AS status, c.owner_id::text AS owner_id,
           s.slug AS subject_slug, s.name AS subject_name,
           EXISTS (SELECT 1 FROM enrollments e WHERE e.user_id = ${actor.userId}::uuid AND e.course_id = c.id) AS enrolled,
           m.position AS module_position, m.title AS module_title,
           l.slug AS lesson_slug, l.title AS lesson_title, l.position AS lesson_position,
           l.estimated_minutes AS minutes,
           (lc.lesson_id IS NOT NULL) AS completed
      FROM courses c
      LEFT JOIN subjects s ON s.id = c.subject_id
      LEFT JOIN modules m ON m.course_id = c.id
      LEFT JOIN lessons l ON l.module_id = m.id
      LEFT JOIN lesson_completions lc ON lc.user_id = ${actor.userId}::uuid AND lc.lesson_id = l.id
     WHERE c.slug = ${slug}
     ORDER BY m.position, l.position`;
  const course = rows[0];
  if (!course || !canSeeCourse(actor, { status: course.status, ownerId: course.owner_id }))
    throw courseNotFound(slug);
  const modules = syllabus(rows);
  const lessons = modules.flatMap((m) => m.lessons);
  return {
    slug: course.slug,
    title: course.title,
    summary: course.summary,
    subject:
      course.subject_slug !== null && course.subject_name !== null
        ? { slug: course.subject_slug, name: course.subject_name }
        : null,
    status: course.status,
    lessonCount: lessons.length,
    estimatedMinutes: lessons.reduce((sum, l) => sum + l.estimatedMinutes, 0),
    enrolled: course.enrolled,
    lessonsCompleted: lessons.filter((l) => l.completed).length,
    modules,
  };
}

/** Groups the rows (ordered by module, then lesson position) into modules. */
function syllabus(rows: readonly SyllabusRow[]): SyllabusModule[] {
  const modules: Array<SyllabusModule & { lessons: SyllabusModule['lessons'] }> = [];
  for (const row of rows) {
    if (row.module_position === null || row.module_title === null) continue;
    let current = modules[modules.length - 1];
    if (current?.position !== row.module_position) {
      current = { position: row.module_position, title: row.module_title, lessons: [] };
      modules.push(current);
    }
    if (row.lesson_slug === null || row.lesson_title === null || row.lesson_position === null)
      continue;
    current.lessons.push({
      slug: row.lesson_slug,
      title: row.lesson_title,
      position: row.lesson_position,
      estimatedMinutes: row.minutes ?? 0,
      completed: row.completed,
    });
  }
  return modules;
}
