/**
 * One lesson with its markdown, for reading a lesson as an MCP resource and for the
 * study prompts: the course's visibility is get_course's (drafts only for their owner
 * and admins), and an invisible course is 'mcp.course.not_found' exactly as there. The
 * lesson's card templates come with the caller's own review card for each, if any,
 * so a quiz can grade the card the learner already has.
 */
import type { SqlQuery } from '@lumen/db';

import type { Actor } from '../actor.js';
import { LumenError } from '../errors.js';
import { canSeeCourse, courseNotFound } from './course-visibility.js';
import type { CourseStatusName, LessonCard, LessonDetail } from './types.js';

interface LessonRow {
  course_slug: string;
  course_title: string;
  status: CourseStatusName;
  owner_id: string;
  module_position: number | null;
  module_title: string | null;
  lesson_slug: string | null;
  lesson_title: string | null;
  lesson_position: number | null;
  minutes: number | null;
  content_md: string | null;
  completed: boolean;
  lesson_count: number;
}

interface CardRow {
  prompt: string;
  answer: string;
  card_id: string | null;
}

export async function getLesson(
  sql: SqlQuery,
  actor: Actor,
  courseSlug: string,
  lessonSlug: string,
): Promise<LessonDetail> {
  // The course row comes back even when the lesson does not exist, so the two
  // refusals stay distinct (and an invisible course never reveals its lessons).
  const [row] = await sql<LessonRow>`
    SELECT c.slug AS course_slug, c.title AS course_title, c.status::text AS status,
           c.owner_id::text AS owner_id,
           m.position AS module_position, m.title AS module_title,
           l.slug AS lesson_slug, l.title AS lesson_title, l.position AS lesson_position,
           l.estimated_minutes AS minutes, l.content_md,
           EXISTS (SELECT 1 FROM lesson_completions lc
                    WHERE lc.user_id = ${actor.userId}::uuid AND lc.lesson_id = l.id) AS completed,
           (SELECT count(*)::int FROM lessons WHERE course_id = c.id) AS lesson_count
      FROM courses c
      LEFT JOIN lessons l ON l.course_id = c.id AND l.slug = ${lessonSlug}
      LEFT JOIN modules m ON m.id = l.module_id
     WHERE c.slug = ${courseSlug}`;
  if (!row || !canSeeCourse(actor, { status: row.status, ownerId: row.owner_id }))
    throw courseNotFound(courseSlug);
  if (row.lesson_slug === null || row.lesson_title === null) {
    throw new LumenError(
      'mcp.lesson.not_found',
      `no lesson with slug "${lessonSlug}" in course "${courseSlug}"`,
      { details: { courseSlug, lessonSlug } },
    );
  }
  const cards = await sql<CardRow>`
    SELECT t.prompt, t.answer, rc.id::text AS card_id
      FROM card_templates t
      JOIN lessons l ON l.id = t.lesson_id
      JOIN courses c ON c.id = l.course_id
      LEFT JOIN review_cards rc ON rc.template_id = t.id AND rc.user_id = ${actor.userId}::uuid
     WHERE c.slug = ${courseSlug} AND l.slug = ${lessonSlug}
     ORDER BY t.position`;
  return {
    course: { slug: row.course_slug, title: row.course_title, status: row.status },
    module: { position: row.module_position ?? 0, title: row.module_title ?? '' },
    slug: row.lesson_slug,
    title: row.lesson_title,
    position: row.lesson_position ?? 0,
    estimatedMinutes: row.minutes ?? 0,
    completed: row.completed,
    markdown: row.content_md ?? '',
    cards: cards.map((c): LessonCard => ({
      prompt: c.prompt,
      answer: c.answer,
      cardId: c.card_id,
    })),
  };
}
