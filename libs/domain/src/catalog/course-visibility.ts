/**
 * Who may see a course. Published courses are public; drafts only to their owner
 * and to admins. Everyone else gets 'mcp.course.not_found', never a "forbidden" that
 * would confirm the draft exists.
 */
import type { LumenPrisma } from '@lumen/db';

import type { Actor } from '../actor.js';
import { LumenError } from '../errors.js';

export interface CourseAccessFields {
  readonly status: 'draft' | 'published';
  readonly ownerId: string;
}

export function canSeeCourse(actor: Actor, course: CourseAccessFields): boolean {
  return course.status === 'published' || course.ownerId === actor.userId || actor.role === 'admin';
}

export interface VisibleCourse {
  readonly id: string;
  readonly slug: string;
  readonly title: string;
  readonly status: 'draft' | 'published';
  readonly ownerId: string;
}

export async function findVisibleCourse(
  prisma: LumenPrisma,
  actor: Actor,
  slug: string,
): Promise<VisibleCourse> {
  const course = await prisma.course.findUnique({
    where: { slug },
    select: { id: true, slug: true, title: true, status: true, ownerId: true },
  });
  if (!course || !canSeeCourse(actor, course)) throw courseNotFound(slug);
  return course;
}

export function courseNotFound(slug: string): LumenError {
  return new LumenError('mcp.course.not_found', `no course with slug "${slug}"`, {
    details: { slug },
  });
}
