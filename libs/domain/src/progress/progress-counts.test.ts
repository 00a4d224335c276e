import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';

import { makeCourse, makeUser } from '../catalog/test-fixtures.js';
import type { MadeCourse } from '../catalog/test-fixtures.js';
import { createEnrollments, createProgress } from '../index.js';
import type { Actor, Enrollments, Progress } from '../index.js';

const t0 = new Date('2025-06-01T09:00:00.000Z');
const at = (hours: number) => new Date(t0.getTime() + hours * 3_600_000);

/**
 * list_my_progress reads lesson totals and completions from counts the database keeps on
 * write (migration 0021). Whatever writes lessons or completions, and however, the
 * answer must be the one counting the rows themselves gives.
 */
describe.each(testDatabases())('progress counts on %s', (_kind, open) => {
  let db: Db;
  let progress: Progress;
  let enrollments: Enrollments;
  beforeAll(async () => {
    db = await open();
    progress = createProgress({ db });
    enrollments = createEnrollments({ db });
  });
  afterAll(() => db.close());

  /** The lesson columns of list_my_progress, counted from lessons and lesson_completions. */
  async function countedFromRows(learner: Actor) {
    const rows = await db.sql<{ slug: string; total: number; done: number; last: Date }>`
      SELECT c.slug,
             (SELECT count(*)::int FROM lessons l WHERE l.course_id = c.id) AS total,
             (SELECT count(*)::int FROM lesson_completions lc
               WHERE lc.user_id = e.user_id AND lc.course_id = c.id) AS done,
             greatest(e.created_at,
                      (SELECT max(completed_at) FROM lesson_completions lc
                        WHERE lc.user_id = e.user_id AND lc.course_id = c.id),
                      (SELECT max(last_review) FROM review_cards r
                        WHERE r.user_id = e.user_id AND r.course_id = c.id)) AS last
        FROM enrollments e JOIN courses c ON c.id = e.course_id
       WHERE e.user_id = ${learner.userId}::uuid
       ORDER BY last DESC, c.slug`;
    return rows.map((r) => ({
      slug: r.slug,
      lessonsTotal: r.total,
      lessonsCompleted: r.done,
      percent: r.total === 0 ? 0 : Math.round((1000 * r.done) / r.total) / 10,
      lastActivity: new Date(r.last).toISOString(),
    }));
  }

  /** Every kept count, for every course and learner, equals its rows' count. */
  async function countsDisagreeingWithRows() {
    return db.sql<{ what: string }>`
      SELECT 'course ' || c.slug AS what FROM courses c
       WHERE c.lesson_count <> (SELECT count(*) FROM lessons l WHERE l.course_id = c.id)
      UNION ALL
      SELECT 'completions ' || COALESCE(k.user_id, a.user_id)::text || ' ' || COALESCE(k.course_id, a.course_id)::text
        FROM lesson_completion_counts k
        FULL JOIN (SELECT user_id, course_id, count(*)::int AS n, max(completed_at) AS last
                     FROM lesson_completions GROUP BY user_id, course_id) a
          ON a.user_id = k.user_id AND a.course_id = k.course_id
       WHERE k.completed IS DISTINCT FROM a.n OR k.last_completed_at IS DISTINCT FROM a.last`;
  }

  async function expectExact(learners: Actor[], now: Date): Promise<void> {
    expect(await countsDisagreeingWithRows()).toEqual([]);
    for (const learner of learners) {
      const listed = await progress.listMyProgress(learner, now);
      expect(
        listed.map((p) => ({
          slug: p.course.slug,
          lessonsTotal: p.lessonsTotal,
          lessonsCompleted: p.lessonsCompleted,
          percent: p.percent,
          lastActivity: p.lastActivity,
        })),
      ).toEqual(await countedFromRows(learner));
    }
  }

  const lessons = (slug: string, n: number) => [
    { title: 'M', lessons: Array.from({ length: n }, (_, i) => ({ slug: `${slug}-l${i}` })) },
  ];

  it('keeps lesson totals and completions exact through every kind of write', async () => {
    const owner = await makeUser(db, 'instructor');
    const a = await makeUser(db);
    const b = await makeUser(db);
    const ca = await makeCourse(db, { owner, slug: 'kc-a', modules: lessons('kc-a', 3) });
    const cb = await makeCourse(db, { owner, slug: 'kc-b', modules: lessons('kc-b', 2) });
    const cc = await makeCourse(db, { owner, slug: 'kc-c', modules: lessons('kc-c', 1) });
    await expectExact([a, b], t0);

    // Completed before enrolling: the enrolment finds the count waiting.
    await enrollments.completeLesson(a, 'kc-a-l0', at(1));
    await enrollments.enroll(a, 'kc-a', at(2));
    await enrollments.enroll(a, 'kc-b', at(2));
    await enrollments.enroll(b, 'kc-a', at(2));
    await expectExact([a, b], at(2));
    expect((await progress.listMyProgress(a, at(2)))[0]).toMatchObject({
      course: { slug: 'kc-a' },
      lessonsCompleted: 1,
      lessonsTotal: 3,
    });

    // Completing again changes nothing, not even the time.
    await enrollments.completeLesson(a, 'kc-a-l1', at(5));
    const again = await enrollments.completeLesson(a, 'kc-a-l1', at(6));
    expect(again.alreadyCompleted).toBe(true);
    await enrollments.completeLesson(b, 'kc-a-l2', at(3));
    await enrollments.completeLesson(a, 'kc-b-l0', at(4));
    await expectExact([a, b], at(6));
    expect((await progress.listMyProgress(a, at(6)))[0]).toMatchObject({
      course: { slug: 'kc-a' },
      lessonsCompleted: 2,
      lastActivity: at(5).toISOString(),
    });

    // A lesson added, then several in one statement, then some of those deleted at once.
    const mod = await db.prisma.module.findFirstOrThrow({ where: { courseId: ca.id } });
    await db.prisma.lesson.create({
      data: { courseId: ca.id, moduleId: mod.id, position: 10, slug: 'kc-a-new', title: 'New' },
    });
    await db.prisma.lesson.createMany({
      data: [11, 12, 13].map((position) => ({
        courseId: ca.id,
        moduleId: mod.id,
        position,
        slug: `kc-a-bulk${position}`,
        title: 'Bulk',
      })),
    });
    await expectExact([a, b], at(6));
    await db.prisma.lesson.deleteMany({ where: { slug: { in: ['kc-a-bulk11', 'kc-a-bulk12'] } } });
    await expectExact([a, b], at(6));

    // The learner's latest completion goes with its lesson: the one before is the latest.
    await db.prisma.lesson.delete({ where: { id: ca.lessonIds['kc-a-l1'] } });
    await expectExact([a, b], at(6));
    expect(
      (await progress.listMyProgress(a, at(6))).find((p) => p.course.slug === 'kc-a'),
    ).toMatchObject({
      lessonsCompleted: 1,
      lessonsTotal: 4,
      lastActivity: at(2).toISOString(),
    });

    // A lesson moved to another course: totals follow the lesson, a completion stays
    // counted where it was made (as lesson_completions records it).
    const ccModule = await db.prisma.module.findFirstOrThrow({ where: { courseId: cc.id } });
    await db.prisma.lesson.update({
      where: { id: cb.lessonIds['kc-b-l0'] },
      data: { courseId: cc.id, moduleId: ccModule.id, position: 5 },
    });
    await enrollments.enroll(b, 'kc-c', at(7));
    await expectExact([a, b], at(7));

    // A completion's time edited by hand, and one moved to another learner.
    await db.sql`UPDATE lesson_completions SET completed_at = ${at(9).toISOString()}::timestamptz
                  WHERE user_id = ${a.userId}::uuid AND lesson_id = ${ca.lessonIds['kc-a-l0']!}::uuid`;
    await expectExact([a, b], at(9));
    await db.sql`UPDATE lesson_completions SET user_id = ${b.userId}::uuid
                  WHERE user_id = ${a.userId}::uuid AND lesson_id = ${cb.lessonIds['kc-b-l0']!}::uuid`;
    await expectExact([a, b], at(9));

    // Unenrolled and enrolled again: the completions are still counted.
    await db.prisma.enrollment.delete({
      where: { userId_courseId: { userId: a.userId, courseId: ca.id } },
    });
    await expectExact([a, b], at(9));
    await enrollments.enroll(a, 'kc-a', at(10));
    await expectExact([a, b], at(10));

    // A course deleted with its lessons, enrolments and completions; then a learner.
    await enrollments.completeLesson(b, 'kc-b-l0', at(11), 'kc-c');
    await db.prisma.course.delete({ where: { id: cc.id } });
    await expectExact([a, b], at(11));
    await db.prisma.user.delete({ where: { id: b.userId } });
    await expectExact([a], at(11));
    await deleteCourse(ca);
    await expectExact([a], at(11));
    expect(
      await db.sql`SELECT 1 FROM lesson_completion_counts WHERE user_id = ${b.userId}::uuid
                   OR course_id IN (${ca.id}::uuid, ${cc.id}::uuid)`,
    ).toEqual([]);
  });

  /** Lessons first, then the course: the per-statement delete of many lessons. */
  async function deleteCourse(course: MadeCourse): Promise<void> {
    await db.sql`DELETE FROM lessons WHERE course_id = ${course.id}::uuid`;
    await db.sql`DELETE FROM courses WHERE id = ${course.id}::uuid`;
  }

  it('counts completions made at the same time, each once', async () => {
    const owner = await makeUser(db, 'instructor');
    const learners = [await makeUser(db), await makeUser(db), await makeUser(db)];
    await makeCourse(db, { owner, slug: 'kc-race', modules: lessons('kc-race', 8) });
    for (const learner of learners) await enrollments.enroll(learner, 'kc-race', t0);
    // Every learner completes every lesson twice, all at once.
    const calls = learners.flatMap((learner) =>
      [0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7].map((i) =>
        enrollments.completeLesson(learner, `kc-race-l${i}`, at(1 + (i % 3))),
      ),
    );
    const results = await Promise.all(calls);
    expect(results.filter((r) => !r.alreadyCompleted)).toHaveLength(24);
    await expectExact(learners, at(4));
    for (const learner of learners)
      expect(await progress.listMyProgress(learner, at(4))).toEqual([
        expect.objectContaining({ lessonsCompleted: 8, lessonsTotal: 8, percent: 100 }),
      ]);
  });
});
