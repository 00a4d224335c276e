/**
 * Builders for the learning-core tests: users and courses written the way the rest of
 * the code base writes them (search_text via courseSearchText). Used only by tests.
 */
import { randomUUID } from 'node:crypto';

import type { Db } from '@lumen/db';

import type { Actor, Role } from '../actor.js';
import { courseSearchText } from './search-text.js';

export async function makeUser(db: Db, role: Role = 'learner'): Promise<Actor> {
  const id = randomUUID();
  await db.prisma.user.create({
    data: { id, email: `${id}@example.test`, displayName: `User ${id.slice(0, 4)}`, role },
  });
  return { userId: id, role };
}

export interface LessonSpec {
  readonly slug: string;
  readonly title?: string;
  readonly minutes?: number;
}

export interface CourseSpec {
  readonly owner: Actor;
  readonly slug: string;
  readonly title?: string;
  readonly summary?: string;
  readonly subject?: { slug: string; name: string } | null;
  readonly status?: 'draft' | 'published';
  readonly createdAt?: Date;
  /** Modules in order, each with its lessons in order. */
  readonly modules?: ReadonlyArray<{ title: string; lessons: readonly LessonSpec[] }>;
  /** Card templates in order; `lesson` names a lesson slug of this course. */
  readonly cards?: ReadonlyArray<{ prompt: string; answer: string; lesson?: string }>;
}

export interface MadeCourse {
  readonly id: string;
  readonly slug: string;
  readonly lessonIds: Record<string, string>;
}

export async function makeCourse(db: Db, spec: CourseSpec): Promise<MadeCourse> {
  const title = spec.title ?? `Course ${spec.slug}`;
  const summary = spec.summary ?? 'A course.';
  const subject = spec.subject
    ? await db.prisma.subject.upsert({
        where: { slug: spec.subject.slug },
        update: {},
        create: spec.subject,
      })
    : null;
  const course = await db.prisma.course.create({
    data: {
      slug: spec.slug,
      title,
      summary,
      subjectId: subject?.id ?? null,
      ownerId: spec.owner.userId,
      status: spec.status ?? 'published',
      searchText: courseSearchText(title, summary, subject?.name ?? null),
      ...(spec.createdAt ? { createdAt: spec.createdAt } : {}),
    },
  });
  const lessonIds: Record<string, string> = {};
  for (const [m, mod] of (spec.modules ?? []).entries()) {
    const row = await db.prisma.module.create({
      data: { courseId: course.id, position: m + 1, title: mod.title },
    });
    for (const [l, lesson] of mod.lessons.entries()) {
      const created = await db.prisma.lesson.create({
        data: {
          courseId: course.id,
          moduleId: row.id,
          position: l + 1,
          slug: lesson.slug,
          title: lesson.title ?? lesson.slug,
          estimatedMinutes: lesson.minutes ?? 5,
        },
      });
      lessonIds[lesson.slug] = created.id;
    }
  }
  await addTemplates(db, { id: course.id, lessonIds }, spec.cards ?? []);
  return { id: course.id, slug: course.slug, lessonIds };
}

export async function addTemplates(
  db: Db,
  course: { id: string; lessonIds: Record<string, string> },
  cards: ReadonlyArray<{ prompt: string; answer: string; lesson?: string }>,
): Promise<void> {
  const start = await db.prisma.cardTemplate.count({ where: { courseId: course.id } });
  await db.prisma.cardTemplate.createMany({
    data: cards.map((card, i) => ({
      courseId: course.id,
      lessonId: card.lesson ? (course.lessonIds[card.lesson] ?? null) : null,
      position: start + i + 1,
      prompt: card.prompt,
      answer: card.answer,
    })),
  });
}
