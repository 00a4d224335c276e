import type { Db } from '@lumen/db';

import type { Actor } from '../actor.js';
import { canSeeCourse, courseNotFound } from '../catalog/course-visibility.js';
import type { VisibleCourse } from '../catalog/course-visibility.js';
import { LumenError } from '../errors.js';

interface AccessRow {
  id: string;
  slug: string;
  title: string;
  status: 'draft' | 'published';
  owner_id: string;
  enrolled: boolean;
}

/**
 * The tutor answers enrolled learners, the course owner and admins (operator guide,
 * "user" tools). A course the actor may not see at all is 'mcp.course.not_found', as
 * in the catalog, so a draft's existence is never confirmed. The course and the
 * actor's enrolment are read in one prepared statement (it runs on every question).
 */
export async function assertMayAskTutor(
  db: Pick<Db, 'sql'>,
  actor: Actor,
  courseSlug: string,
): Promise<VisibleCourse> {
  const [row] = await db.sql<AccessRow>`
    SELECT c.id::text AS id, c.slug, c.title, c.status::text AS status, c.owner_id::text AS owner_id,
           EXISTS (SELECT 1 FROM enrollments e WHERE e.user_id = ${actor.userId}::uuid AND e.course_id = c.id) AS enrolled
      FROM courses c WHERE c.slug = ${courseSlug}`;
  const course: VisibleCourse | undefined = row && {
    id: row.id,
    slug: row.slug,
    title: row.title,
    status: row.status,
    ownerId: row.owner_id,
  };
  if (!row || !course || !canSeeCourse(actor, course)) throw courseNotFound(courseSlug);
  if (actor.role === 'admin' || course.ownerId === actor.userId || row.enrolled) return course;
  throw new LumenError(
    'mcp.tutor.not_enrolled',
    `You are not enrolled in "${course.slug}". Enrol via the Lumen UI (or POST /api/v1/me/enrollments with {"course_slug":"${course.slug}"}), then ask again.`,
    { details: { courseSlug: course.slug } },
  );
}
