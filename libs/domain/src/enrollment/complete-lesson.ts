/**
 * Marking a lesson complete (REST: POST /api/v1/me/lessons/{lesson_slug}/complete).
 * Lesson slugs are unique only within a course, so the lesson is looked up among the
 * courses the caller can see; a slug shared by several of them needs the course slug.
 */
import type { LumenPrisma } from '@lumen/db';

import type { Actor } from '../actor.js';
import { canSeeCourse } from '../catalog/course-visibility.js';
import { LumenError } from '../errors.js';

export interface LessonCompletionResult {
  readonly lessonSlug: string;
  readonly courseSlug: string;
  /** When the lesson was first completed (an earlier call's time on repeats). */
  readonly completedAt: Date;
  readonly alreadyCompleted: boolean;
}

export async function completeLesson(
  prisma: LumenPrisma,
  actor: Actor,
  lessonSlug: string,
  now: Date,
  courseSlug?: string,
): Promise<LessonCompletionResult> {
  const lesson = await findLesson(prisma, actor, lessonSlug, courseSlug);
  const inserted = await prisma.$executeRaw`
    INSERT INTO lesson_completions (user_id, lesson_id, course_id, completed_at)
    VALUES (${actor.userId}::uuid, ${lesson.id}::uuid, ${lesson.courseId}::uuid, ${now.toISOString()}::timestamptz)
    ON CONFLICT (user_id, lesson_id) DO NOTHING`;
  const row = await prisma.lessonCompletion.findUniqueOrThrow({
    where: { userId_lessonId: { userId: actor.userId, lessonId: lesson.id } },
    select: { completedAt: true },
  });
  return {
    lessonSlug: lesson.slug,
    courseSlug: lesson.course.slug,
    completedAt: row.completedAt,
    alreadyCompleted: inserted === 0,
  };
}

async function findLesson(
  prisma: LumenPrisma,
  actor: Actor,
  lessonSlug: string,
  courseSlug?: string,
) {
  const candidates = await prisma.lesson.findMany({
    where: {
      slug: lessonSlug,
      ...(courseSlug === undefined ? {} : { course: { slug: courseSlug } }),
    },
    select: {
      id: true,
      slug: true,
      courseId: true,
      course: { select: { slug: true, status: true, ownerId: true } },
    },
    orderBy: { course: { slug: 'asc' } },
  });
  const visible = candidates.filter((l) => canSeeCourse(actor, l.course));
  const [first, ...others] = visible;
  if (!first) {
    const where = courseSlug === undefined ? '' : ` in course "${courseSlug}"`;
    throw new LumenError('mcp.lesson.not_found', `no lesson with slug "${lessonSlug}"${where}`, {
      details: { lessonSlug, ...(courseSlug === undefined ? {} : { courseSlug }) },
    });
  }
  if (others.length > 0) {
    const courses = visible.map((l) => l.course.slug);
    throw new LumenError(
      'mcp.invalid_argument',
      `lesson slug "${lessonSlug}" exists in several courses (${courses.join(', ')}): pass the course slug too`,
      { details: { lessonSlug, courses } },
    );
  }
  return first;
}
