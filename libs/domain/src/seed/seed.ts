import type { Db } from '@lumen/db';

import type { Actor } from '../actor.js';
import { courseSearchText } from '../catalog/index.js';
import { createEnrollments } from '../enrollment/index.js';
import { reindexLesson } from '../knowledge/chunking/index.js';
import { createReviews } from '../reviews/index.js';
import { demoCourses } from './content/index.js';
import type { SeedCourse } from './content/index.js';

/** The demo accounts `lumen db seed` creates. */
export const demoUsers = [
  { email: 'admin@lumen.test', displayName: 'Ada Admin', role: 'admin' },
  { email: 'teacher@lumen.test', displayName: 'Tomás Teacher', role: 'instructor' },
  { email: 'learner@lumen.test', displayName: 'Lee Learner', role: 'learner' },
] as const;

/**
 * The demo accounts' browser sign-in password (OAuth login page). Documented in the
 * README; demo data only — set real passwords with `lumen users set-password`.
 */
export const DEMO_PASSWORD = 'lumen-demo-password';

export interface SeedOptions {
  /**
   * The argon2id hash of DEMO_PASSWORD (hashing belongs to @lumen/auth, so the caller
   * passes it). Given to demo users that have no password yet; others keep theirs.
   */
  demoPasswordHash?: string;
}

export interface SeedSummary {
  users: number;
  coursesCreated: string[];
  coursesKept: string[];
  learnerCards: number;
}

const DAY = 86_400_000;

/**
 * Creates the demo data: three users, published courses in several subjects, a draft,
 * and a learner with enrolments, a completed lesson and some review history.
 * Idempotent: existing courses and users are left as they are.
 */
export async function seedDemoData(
  db: Db,
  now: Date = new Date(),
  options: SeedOptions = {},
): Promise<SeedSummary> {
  const users = new Map<string, Actor>();
  for (const u of demoUsers) {
    const row = await db.prisma.user.upsert({
      where: { email: u.email },
      update: {},
      create: { email: u.email, displayName: u.displayName, role: u.role },
    });
    users.set(u.email, { userId: row.id, role: row.role });
  }
  if (options.demoPasswordHash) {
    await db.prisma.user.updateMany({
      where: { email: { in: demoUsers.map((u) => u.email) }, passwordHash: null },
      data: { passwordHash: options.demoPasswordHash },
    });
  }
  const teacher = users.get('teacher@lumen.test')!;
  const learner = users.get('learner@lumen.test')!;
  const summary: SeedSummary = {
    users: users.size,
    coursesCreated: [],
    coursesKept: [],
    learnerCards: 0,
  };
  for (const course of demoCourses) {
    const created = await createCourseIfMissing(db, course, teacher.userId, now);
    (created ? summary.coursesCreated : summary.coursesKept).push(course.slug);
  }
  summary.learnerCards = await seedLearnerActivity(db, learner, now);
  return summary;
}

async function createCourseIfMissing(
  db: Db,
  course: SeedCourse,
  ownerId: string,
  now: Date,
): Promise<boolean> {
  if (await db.prisma.course.findUnique({ where: { slug: course.slug }, select: { id: true } }))
    return false;
  await db.prisma.$transaction(
    async (tx) => {
      const subject = await tx.subject.upsert({
        where: { slug: course.subject.slug },
        update: {},
        create: { slug: course.subject.slug, name: course.subject.name },
      });
      const createdAt = new Date(now.getTime() - course.ageDays * DAY);
      const row = await tx.course.create({
        data: {
          slug: course.slug,
          title: course.title,
          summary: course.summary,
          subjectId: subject.id,
          ownerId,
          status: course.status,
          searchText: courseSearchText(course.title, course.summary, subject.name),
          createdAt,
          updatedAt: createdAt,
        },
      });
      const lessonIds = new Map<string, string>();
      for (const [m, mod] of course.modules.entries()) {
        const moduleRow = await tx.module.create({
          data: { courseId: row.id, position: m + 1, title: mod.title },
        });
        for (const [l, lesson] of mod.lessons.entries()) {
          const lessonRow = await tx.lesson.create({
            data: {
              courseId: row.id,
              moduleId: moduleRow.id,
              position: l + 1,
              slug: lesson.slug,
              title: lesson.title,
              estimatedMinutes: lesson.estimatedMinutes,
              contentMd: lesson.markdown,
            },
          });
          lessonIds.set(lesson.slug, lessonRow.id);
          await reindexLesson(tx, lessonRow.id);
        }
      }
      await tx.cardTemplate.createMany({
        data: course.cards.map((card, i) => ({
          courseId: row.id,
          lessonId: lessonIds.get(card.lessonSlug) ?? null,
          position: i + 1,
          prompt: card.prompt,
          answer: card.answer,
        })),
      });
    },
    { timeout: 60_000 },
  );
  return true;
}

/** Learner: enrolled in the two oldest published courses, one lesson done, a few cards reviewed. */
async function seedLearnerActivity(db: Db, learner: Actor, now: Date): Promise<number> {
  const enrollments = createEnrollments({ db });
  const reviews = createReviews({ db, enableFuzz: false });
  const published = demoCourses.filter((c) => c.status === 'published').slice(0, 2);
  for (const course of published) await enrollments.enroll(learner, course.slug, now);
  const first = published[0];
  const firstLesson = first?.modules[0]?.lessons[0];
  if (first && firstLesson)
    await enrollments.completeLesson(learner, firstLesson.slug, now, first.slug);
  const reviewed = await db.prisma.reviewCard.count({
    where: { userId: learner.userId, reps: { gt: 0 } },
  });
  if (reviewed === 0) {
    const cards = await db.prisma.reviewCard.findMany({
      where: { userId: learner.userId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: 4,
    });
    const past = new Date(now.getTime() - 3 * DAY);
    for (const [i, card] of cards.entries()) {
      await reviews.grade(learner, { cardId: card.id, rating: i === 0 ? 1 : 3 }, past);
    }
  }
  return db.prisma.reviewCard.count({ where: { userId: learner.userId } });
}
