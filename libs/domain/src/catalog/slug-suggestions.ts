/**
 * Slugs for argument completion (MCP `completion/complete`): the courses the caller
 * could open with get_course (published ones, their own drafts, every draft for an
 * admin) and the lessons of one such course, whose slug starts with what was typed.
 * An invisible or unknown course has no lessons to suggest.
 */
import type { SqlQuery } from '@lumen/db';

import type { Actor } from '../actor.js';
import { checkLimit } from './limit.js';
import type { SlugSuggestions } from './types.js';

const prefixOf = (typed: string) => typed.trim().toLowerCase();

function toSuggestions(rows: ReadonlyArray<{ slug: string }>, limit: number): SlugSuggestions {
  return { values: rows.slice(0, limit).map((r) => r.slug), hasMore: rows.length > limit };
}

export async function suggestCourseSlugs(
  sql: SqlQuery,
  actor: Actor,
  typed: string,
  limit?: number,
): Promise<SlugSuggestions> {
  const max = checkLimit(limit, 100);
  const rows = await sql<{ slug: string }>`
    SELECT c.slug FROM courses c
     WHERE starts_with(c.slug, ${prefixOf(typed)})
       AND (c.status = 'published' OR c.owner_id = ${actor.userId}::uuid OR ${actor.role === 'admin'}::boolean)
     ORDER BY c.slug
     LIMIT ${max + 1}`;
  return toSuggestions(rows, max);
}

export async function suggestLessonSlugs(
  sql: SqlQuery,
  actor: Actor,
  courseSlug: string,
  typed: string,
  limit?: number,
): Promise<SlugSuggestions> {
  const max = checkLimit(limit, 100);
  const rows = await sql<{ slug: string }>`
    SELECT l.slug FROM lessons l
      JOIN modules m ON m.id = l.module_id
      JOIN courses c ON c.id = l.course_id
     WHERE c.slug = ${courseSlug}
       AND starts_with(l.slug, ${prefixOf(typed)})
       AND (c.status = 'published' OR c.owner_id = ${actor.userId}::uuid OR ${actor.role === 'admin'}::boolean)
     ORDER BY m.position, l.position
     LIMIT ${max + 1}`;
  return toSuggestions(rows, max);
}
