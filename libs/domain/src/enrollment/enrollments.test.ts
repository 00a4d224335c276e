import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';

import { addTemplates, makeCourse, makeUser } from '../catalog/test-fixtures.js';
import { createEnrollments } from '../index.js';
import type { Enrollments } from '../index.js';

const now = new Date('2025-05-01T10:00:00.123Z');
const later = new Date('2025-05-03T08:30:00.456Z');

describe.each(testDatabases())('enrollments on %s', (_kind, open) => {
  let db: Db;
  let enrollments: Enrollments;
  beforeAll(async () => {
    db = await open();
    enrollments = createEnrollments({ db });
  });
  afterAll(() => db.close());

  it('creates the learner’s new cards from the templates, once, and only new ones on re-enrolment', async () => {
    const owner = await makeUser(db, 'instructor');
    const learner = await makeUser(db);
    const course = await makeCourse(db, {
      owner,
      slug: 'enr-1',
      modules: [{ title: 'M', lessons: [{ slug: 'l1' }] }],
      cards: [
        { prompt: 'Q1', answer: 'A1', lesson: 'l1' },
        { prompt: 'Q2', answer: 'A2' },
      ],
    });
    expect(await enrollments.isEnrolled(learner.userId, course.id)).toBe(false);
    expect(await enrollments.enroll(learner, 'enr-1', now)).toEqual({
      courseSlug: 'enr-1',
      newlyEnrolled: true,
      cardsCreated: 2,
    });
    expect(await enrollments.isEnrolled(learner.userId, course.id)).toBe(true);
    const cards = await db.prisma.reviewCard.findMany({
      where: { userId: learner.userId },
      orderBy: { prompt: 'asc' },
    });
    expect(
      cards.map((c) => [c.prompt, c.answer, c.lessonId, c.state, c.reps, c.due.toISOString()]),
    ).toEqual([
      ['Q1', 'A1', course.lessonIds['l1'], 0, 0, now.toISOString()],
      ['Q2', 'A2', null, 0, 0, now.toISOString()],
    ]);

    expect(await enrollments.enroll(learner, 'enr-1', later)).toEqual({
      courseSlug: 'enr-1',
      newlyEnrolled: false,
      cardsCreated: 0,
    });
    await addTemplates(db, course, [{ prompt: 'Q3', answer: 'A3' }]);
    expect(await enrollments.enroll(learner, 'enr-1', later)).toEqual({
      courseSlug: 'enr-1',
      newlyEnrolled: false,
      cardsCreated: 1,
    });
    expect(await db.prisma.reviewCard.count({ where: { userId: learner.userId } })).toBe(3);
    const enrolment = await db.prisma.enrollment.findFirstOrThrow({
      where: { userId: learner.userId },
    });
    expect(enrolment.createdAt.toISOString()).toBe(now.toISOString());
  });

  it('refuses courses the caller cannot see as not found', async () => {
    const owner = await makeUser(db, 'instructor');
    const learner = await makeUser(db);
    await makeCourse(db, {
      owner,
      slug: 'enr-draft',
      status: 'draft',
      cards: [{ prompt: 'Q', answer: 'A' }],
    });
    await expect(enrollments.enroll(learner, 'enr-draft', now)).rejects.toMatchObject({
      code: 'mcp.course.not_found',
    });
    await expect(enrollments.enroll(learner, 'enr-none', now)).rejects.toMatchObject({
      code: 'mcp.course.not_found',
    });
    expect(await db.prisma.reviewCard.count({ where: { userId: learner.userId } })).toBe(0);
    await expect(enrollments.enroll(owner, 'enr-draft', now)).resolves.toMatchObject({
      cardsCreated: 1,
    });
  });

  it('completes a lesson idempotently, keeping the first completion time', async () => {
    const owner = await makeUser(db, 'instructor');
    const learner = await makeUser(db);
    await makeCourse(db, {
      owner,
      slug: 'cmp-1',
      modules: [{ title: 'M', lessons: [{ slug: 'cmp-only' }] }],
    });
    const first = await enrollments.completeLesson(learner, 'cmp-only', now);
    expect(first).toEqual({
      lessonSlug: 'cmp-only',
      courseSlug: 'cmp-1',
      completedAt: now,
      alreadyCompleted: false,
    });
    const again = await enrollments.completeLesson(learner, 'cmp-only', later, 'cmp-1');
    expect(again).toEqual({
      lessonSlug: 'cmp-only',
      courseSlug: 'cmp-1',
      completedAt: now,
      alreadyCompleted: true,
    });
    expect(await db.prisma.lessonCompletion.count({ where: { userId: learner.userId } })).toBe(1);
  });

  it('needs the course slug for a lesson slug shared by visible courses, and hides drafts', async () => {
    const owner = await makeUser(db, 'instructor');
    const learner = await makeUser(db);
    const lessons = [{ title: 'M', lessons: [{ slug: 'shared-intro' }] }];
    await makeCourse(db, { owner, slug: 'amb-1', modules: lessons });
    await makeCourse(db, { owner, slug: 'amb-2', modules: lessons });
    await makeCourse(db, {
      owner,
      slug: 'amb-draft',
      status: 'draft',
      modules: [{ title: 'M', lessons: [{ slug: 'draft-only' }] }],
    });

    await expect(enrollments.completeLesson(learner, 'shared-intro', now)).rejects.toMatchObject({
      code: 'mcp.invalid_argument',
      details: { courses: ['amb-1', 'amb-2'] },
    });
    await expect(
      enrollments.completeLesson(learner, 'shared-intro', now, 'amb-2'),
    ).resolves.toMatchObject({ courseSlug: 'amb-2' });
    await expect(enrollments.completeLesson(learner, 'nope', now)).rejects.toMatchObject({
      code: 'mcp.lesson.not_found',
    });
    await expect(
      enrollments.completeLesson(learner, 'shared-intro', now, 'amb-none'),
    ).rejects.toMatchObject({
      code: 'mcp.lesson.not_found',
    });
    await expect(enrollments.completeLesson(learner, 'draft-only', now)).rejects.toMatchObject({
      code: 'mcp.lesson.not_found',
    });
    await expect(enrollments.completeLesson(owner, 'draft-only', now)).resolves.toMatchObject({
      courseSlug: 'amb-draft',
    });
  });
});
