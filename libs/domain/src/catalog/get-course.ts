/**
 * One course with its syllabus tree, in three queries whatever its size: the course
 * with modules and lessons, the caller's completions, the caller's enrolment.
 */
import type { LumenPrisma } from '@lumen/db';

import type { Actor } from '../actor.js';
import { canSeeCourse, courseNotFound } from './course-visibility.js';
import type { CourseDetail, SyllabusModule } from './types.js';

export async function getCourse(
  prisma: LumenPrisma,
  actor: Actor,
  slug: string,
): Promise<CourseDetail> {
  const course = await prisma.course.findUnique({
    where: { slug },
    include: {
      subject: { select: { slug: true, name: true } },
      modules: {
        orderBy: { position: 'asc' },
        include: { lessons: { orderBy: { position: 'asc' } } },
      },
    },
  });
  if (!course || !canSeeCourse(actor, course)) throw courseNotFound(slug);
  const [completions, enrollment] = await Promise.all([
    prisma.lessonCompletion.findMany({
      where: { userId: actor.userId, courseId: course.id },
      select: { lessonId: true },
    }),
    prisma.enrollment.findUnique({
      where: { userId_courseId: { userId: actor.userId, courseId: course.id } },
      select: { courseId: true },
    }),
  ]);
  const done = new Set(completions.map((c) => c.lessonId));
  const modules: SyllabusModule[] = course.modules.map((m) => ({
    position: m.position,
    title: m.title,
    lessons: m.lessons.map((l) => ({
      slug: l.slug,
      title: l.title,
      position: l.position,
      estimatedMinutes: l.estimatedMinutes,
      completed: done.has(l.id),
    })),
  }));
  const lessons = modules.flatMap((m) => m.lessons);
  return {
    slug: course.slug,
    title: course.title,
    summary: course.summary,
    subject: course.subject ? { slug: course.subject.slug, name: course.subject.name } : null,
    status: course.status,
    lessonCount: lessons.length,
    estimatedMinutes: lessons.reduce((sum, l) => sum + l.estimatedMinutes, 0),
    enrolled: enrollment !== null,
    lessonsCompleted: lessons.filter((l) => l.completed).length,
    modules,
  };
}
