/**
 * Enrolment: joining a course and copying its card templates into the learner's own
 * review cards, plus marking lessons complete. Every operation is idempotent, so a
 * client may safely retry after a timeout.
 */
import type { Db } from '@lumen/db';

import type { Actor } from '../actor.js';
import { findVisibleCourse } from '../catalog/course-visibility.js';
import { completeLesson } from './complete-lesson.js';
import type { LessonCompletionResult } from './complete-lesson.js';

export interface EnrollmentsOptions {
  readonly db: Db;
  /** Called after an enrolment is written (e.g. to drop remembered catalog pages). */
  readonly onCatalogChange?: (() => void) | undefined;
}

export interface EnrollResult {
  readonly courseSlug: string;
  /** False when the caller was enrolled already (the call changed nothing but new cards). */
  readonly newlyEnrolled: boolean;
  /** Review cards created by this call: all templates at first, later only new ones. */
  readonly cardsCreated: number;
}

export interface Enrollments {
  enroll(actor: Actor, courseSlug: string, now: Date): Promise<EnrollResult>;
  isEnrolled(userId: string, courseId: string): Promise<boolean>;
  /** Lesson slugs are unique per course: pass `courseSlug` when one is ambiguous. */
  completeLesson(
    actor: Actor,
    lessonSlug: string,
    now: Date,
    courseSlug?: string,
  ): Promise<LessonCompletionResult>;
}

export function createEnrollments(options: EnrollmentsOptions): Enrollments {
  const { prisma } = options.db;
  return {
    async enroll(actor, courseSlug, now) {
      const course = await findVisibleCourse(prisma, actor, courseSlug);
      // Both statements commit together: an enrolment never exists without its cards.
      // ON CONFLICT makes re-enrolling copy only templates added since.
      const [enrolled, cards] = await prisma
        .$transaction([
          prisma.$executeRaw`
          INSERT INTO enrollments (user_id, course_id, created_at)
          VALUES (${actor.userId}::uuid, ${course.id}::uuid, ${now.toISOString()}::timestamptz)
          ON CONFLICT (user_id, course_id) DO NOTHING`,
          prisma.$executeRaw`
          INSERT INTO review_cards (user_id, course_id, lesson_id, template_id, prompt, answer, due, state, created_at)
          SELECT ${actor.userId}::uuid, t.course_id, t.lesson_id, t.id, t.prompt, t.answer,
                 ${now.toISOString()}::timestamptz, 0, ${now.toISOString()}::timestamptz
            FROM card_templates t
           WHERE t.course_id = ${course.id}::uuid
           ORDER BY t.position
          ON CONFLICT (user_id, template_id) DO NOTHING`,
        ])
        .finally(() => options.onCatalogChange?.());
      return { courseSlug: course.slug, newlyEnrolled: enrolled > 0, cardsCreated: cards };
    },
    async isEnrolled(userId, courseId) {
      const row = await prisma.enrollment.findUnique({
        where: { userId_courseId: { userId, courseId } },
        select: { courseId: true },
      });
      return row !== null;
    },
    completeLesson: (actor, lessonSlug, now, courseSlug) =>
      completeLesson(prisma, actor, lessonSlug, now, courseSlug),
  };
}
