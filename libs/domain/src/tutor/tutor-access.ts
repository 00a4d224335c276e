import type { Db } from '@lumen/db';

import type { Actor } from '../actor.js';
import { findVisibleCourse } from '../catalog/course-visibility.js';
import type { VisibleCourse } from '../catalog/course-visibility.js';
import { LumenError } from '../errors.js';

/**
 * The tutor answers enrolled learners, the course owner and admins (operator guide,
 * "user" tools). A course the actor may not see at all is 'mcp.course.not_found', as
 * in the catalog, so a draft's existence is never confirmed.
 */
export async function assertMayAskTutor(
  db: Db,
  actor: Actor,
  courseSlug: string,
): Promise<VisibleCourse> {
  const course = await findVisibleCourse(db.prisma, actor, courseSlug);
  if (actor.role === 'admin' || course.ownerId === actor.userId) return course;
  const enrolment = await db.prisma.enrollment.findUnique({
    where: { userId_courseId: { userId: actor.userId, courseId: course.id } },
    select: { courseId: true },
  });
  if (enrolment) return course;
  throw new LumenError(
    'mcp.tutor.not_enrolled',
    `You are not enrolled in "${course.slug}". Enrol via the Lumen UI (or POST /api/v1/me/enrollments with {"course_slug":"${course.slug}"}), then ask again.`,
    { details: { courseSlug: course.slug } },
  );
}
