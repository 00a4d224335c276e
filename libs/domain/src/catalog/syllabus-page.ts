/**
 * A page of the catalog with each course's whole syllabus and the byte size of every
 * lesson's markdown: what an MCP client needs to list courses and lessons as
 * resources. The page is list_courses's (same visibility, order and cursor); the
 * syllabi of all its courses come from one more statement, which reads the lessons'
 * sizes (`octet_length`) but never their text.
 */
import type { SqlQuery } from '@lumen/db';

import type { Actor } from '../actor.js';
import { listCourses } from './list-courses.js';
import type { SyllabusCourse, SyllabusPage, ListCoursesInput, SizedLesson } from './types.js';

interface OutlineRow {
  course_slug: string;
  module_position: number;
  module_title: string;
  lesson_slug: string | null;
  lesson_title: string | null;
  lesson_position: number | null;
  minutes: number | null;
  markdown_bytes: number | null;
  completed: boolean;
}

type Module = { position: number; title: string; lessons: SizedLesson[] };

export async function listSyllabi(
  sql: SqlQuery,
  actor: Actor,
  input: Omit<ListCoursesInput, 'filter'>,
): Promise<SyllabusPage> {
  const page = await listCourses(sql, actor, input);
  const slugs = page.courses.map((c) => c.slug);
  const rows =
    slugs.length === 0
      ? []
      : await sql<OutlineRow>`
    SELECT c.slug AS course_slug, m.position AS module_position, m.title AS module_title,
           l.slug AS lesson_slug, l.title AS lesson_title, l.position AS lesson_position,
           l.estimated_minutes AS minutes, octet_length(l.content_md) AS markdown_bytes,
           (lc.lesson_id IS NOT NULL) AS completed
      FROM courses c
      JOIN modules m ON m.course_id = c.id
      LEFT JOIN lessons l ON l.module_id = m.id
      LEFT JOIN lesson_completions lc ON lc.user_id = ${actor.userId}::uuid AND lc.lesson_id = l.id
     WHERE c.slug = ANY (${slugs}::text[])
     ORDER BY c.slug, m.position, l.position`;
  const modules = new Map<string, Module[]>();
  for (const row of rows) {
    const list = modules.get(row.course_slug) ?? [];
    modules.set(row.course_slug, list);
    let current = list[list.length - 1];
    if (current?.position !== row.module_position) {
      current = { position: row.module_position, title: row.module_title, lessons: [] };
      list.push(current);
    }
    if (row.lesson_slug === null || row.lesson_title === null) continue;
    current.lessons.push({
      slug: row.lesson_slug,
      title: row.lesson_title,
      position: row.lesson_position ?? 0,
      estimatedMinutes: row.minutes ?? 0,
      completed: row.completed,
      markdownBytes: Number(row.markdown_bytes ?? 0),
    });
  }
  return {
    courses: page.courses.map((course): SyllabusCourse => {
      const own = modules.get(course.slug) ?? [];
      return {
        ...course,
        lessonsCompleted: own.flatMap((m) => m.lessons).filter((l) => l.completed).length,
        modules: own,
      };
    }),
    nextCursor: page.nextCursor,
  };
}
