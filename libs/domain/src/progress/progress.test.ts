import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';
import { fsrs, generatorParameters } from 'ts-fsrs';

import { makeCourse, makeUser } from '../catalog/test-fixtures.js';
import { createEnrollments, createProgress, createReviews } from '../index.js';
import type { Actor, Enrollments, Progress, Reviews } from '../index.js';
import { toFsrsCard } from '../reviews/card-mapping.js';

const t0 = new Date('2025-06-01T09:00:00.000Z');
const DAY = 86_400_000;
const at = (days: number) => new Date(t0.getTime() + days * DAY);

describe.each(testDatabases())('progress on %s', (_kind, open) => {
  let db: Db;
  let progress: Progress;
  let reviews: Reviews;
  let enrollments: Enrollments;
  beforeAll(async () => {
    db = await open();
    progress = createProgress({ db });
    reviews = createReviews({ db, enableFuzz: false });
    enrollments = createEnrollments({ db });
  });
  afterAll(() => db.close());

  async function course(owner: Actor, slug: string, lessons: number, cards: number): Promise<void> {
    await makeCourse(db, {
      owner,
      slug,
      title: `Progress ${slug}`,
      modules: [
        {
          title: 'M',
          lessons: Array.from({ length: lessons }, (_, i) => ({ slug: `${slug}-l${i}` })),
        },
      ],
      cards: Array.from({ length: cards }, (_, i) => ({ prompt: `Q${i}`, answer: `A${i}` })),
    });
  }

  /** The mean retrievability ts-fsrs itself reports for the learner's reviewed cards. */
  async function tsFsrsMastery(learner: Actor, now: Date): Promise<number> {
    const scheduler = fsrs(generatorParameters({ enable_fuzz: false }));
    const rows = await db.prisma.reviewCard.findMany({
      where: { userId: learner.userId, state: { not: 0 } },
    });
    const rs = rows.map((r) =>
      scheduler.get_retrievability(
        toFsrsCard({
          ...r,
          elapsed_days: r.elapsedDays,
          scheduled_days: r.scheduledDays,
          learning_steps: r.learningSteps,
          last_review: r.lastReview,
        }),
        now,
        false,
      ),
    );
    return rs.reduce((a, b) => a + b, 0) / rs.length;
  }

  it('rolls up completion, due and new cards, and mastery as they change', async () => {
    const owner = await makeUser(db, 'instructor');
    const learner = await makeUser(db);
    await course(owner, 'pa', 3, 3);
    await course(owner, 'pb', 0, 0);
    await course(owner, 'pc', 2, 2);
    await enrollments.enroll(learner, 'pa', t0);
    await enrollments.enroll(learner, 'pb', at(1));

    expect(await progress.listMyProgress(learner, at(1))).toEqual([
      {
        course: { slug: 'pb', title: 'Progress pb' },
        lessonsCompleted: 0,
        lessonsTotal: 0,
        percent: 0,
        mastery: null,
        cardsDue: 0,
        cardsNew: 0,
        lastActivity: at(1).toISOString(),
      },
      {
        course: { slug: 'pa', title: 'Progress pa' },
        lessonsCompleted: 0,
        lessonsTotal: 3,
        percent: 0,
        mastery: null,
        cardsDue: 3,
        cardsNew: 3,
        lastActivity: t0.toISOString(),
      },
    ]);

    await enrollments.completeLesson(learner, 'pa-l0', at(2));
    const cards = await db.prisma.reviewCard.findMany({
      where: { userId: learner.userId },
      orderBy: { prompt: 'asc' },
    });
    await reviews.grade(learner, { cardId: cards[0]!.id, rating: 4 }, at(2));
    await reviews.grade(learner, { cardId: cards[1]!.id, rating: 1 }, at(2));

    const soon = new Date(at(2).getTime() + 60_000);
    const [pa] = await progress.listMyProgress(learner, soon);
    expect(pa).toMatchObject({
      course: { slug: 'pa' },
      lessonsCompleted: 1,
      percent: 33.3,
      cardsNew: 1,
      cardsDue: 2, // the untouched card and the one rated "again" (due in 1 minute)
      lastActivity: at(2).toISOString(),
    });
    expect(pa!.mastery).toBeCloseTo(await tsFsrsMastery(learner, soon), 6);
    expect(pa!.mastery).toBeGreaterThan(0.9);

    // Time passes: memories fade, mastery falls exactly as ts-fsrs's forgetting curve says.
    const [faded] = await progress.listMyProgress(learner, at(40));
    expect(faded!.mastery).toBeLessThan(pa!.mastery!);
    expect(faded!.mastery).toBeCloseTo(await tsFsrsMastery(learner, at(40)), 6);
    expect(faded!.cardsDue).toBe(3);

    await enrollments.completeLesson(learner, 'pa-l1', at(41));
    await enrollments.completeLesson(learner, 'pa-l2', at(41));
    const [done] = await progress.listMyProgress(learner, at(41));
    expect(done).toMatchObject({
      lessonsCompleted: 3,
      percent: 100,
      lastActivity: at(41).toISOString(),
    });
  });

  it('counts whole days since each review exactly as ts-fsrs does, whatever the times of day', async () => {
    const owner = await makeUser(db, 'instructor');
    const learner = await makeUser(db);
    await course(owner, 'pd', 1, 3);
    const late = new Date('2025-06-01T23:59:59.999Z');
    await enrollments.enroll(learner, 'pd', t0);
    const cards = await db.prisma.reviewCard.findMany({
      where: { userId: learner.userId },
      orderBy: { prompt: 'asc' },
    });
    // "Again" leaves a stability of a fraction of a day, so a day miscounted would
    // move mastery far more than the 7 decimals compared below (ts-fsrs rounds each
    // retrievability to 8).
    await reviews.grade(learner, { cardId: cards[0]!.id, rating: 1 }, late);
    await reviews.grade(learner, { cardId: cards[1]!.id, rating: 3 }, at(0));
    await reviews.grade(learner, { cardId: cards[2]!.id, rating: 1 }, new Date(late.getTime() + 1));
    for (const now of [
      new Date(late.getTime() - 1), // before the last review: no time has passed for it
      late,
      new Date(late.getTime() + 2),
      new Date(late.getTime() + DAY - 1), // one millisecond short of a day after the first review
      new Date(late.getTime() + DAY),
      new Date(late.getTime() + DAY + 1),
      new Date(late.getTime() + 3 * DAY + 60_000),
      new Date('2025-06-09T08:59:59.999Z'),
      new Date('2025-06-09T09:00:00.000Z'),
    ]) {
      const [row] = await progress.listMyProgress(learner, now);
      expect({ now, mastery: row!.mastery! }).toEqual({
        now,
        mastery: expect.closeTo(await tsFsrsMastery(learner, now), 7),
      });
    }
  });

  it('lists nothing for a user with no enrolments and never counts someone else’s work', async () => {
    const owner = await makeUser(db, 'instructor');
    const a = await makeUser(db);
    const b = await makeUser(db);
    await course(owner, 'px', 1, 1);
    await enrollments.enroll(a, 'px', t0);
    await enrollments.completeLesson(a, 'px-l0', t0);
    expect(await progress.listMyProgress(b, t0)).toEqual([]);
    await enrollments.enroll(b, 'px', t0);
    expect(await progress.listMyProgress(b, t0)).toEqual([
      expect.objectContaining({ lessonsCompleted: 0, lessonsTotal: 1, cardsNew: 1, mastery: null }),
    ]);
  });
  it('answers courses and schedule in one call, the same as listMyProgress and mySchedule', async () => {
    const owner = await makeUser(db, 'instructor');
    const fitted = await makeUser(db);
    const plain = await makeUser(db);
    await course(owner, 'pm1', 2, 1);
    await course(owner, 'pm2', 1, 2);
    await course(owner, 'pm3', 0, 0);
    // Odd milliseconds, and a tie on last activity (ordered by slug).
    const odd = new Date('2025-06-01T09:00:00.123Z');
    await enrollments.enroll(fitted, 'pm2', odd);
    await enrollments.enroll(fitted, 'pm1', odd);
    await enrollments.enroll(fitted, 'pm3', new Date(odd.getTime() - 7));
    await enrollments.completeLesson(fitted, 'pm1-l1', new Date('2025-06-01T09:00:00.122Z'));
    await db.prisma.fsrsParameters.create({
      data: {
        userId: fitted.userId,
        weights: Array.from({ length: 21 }, (_, i) => i / 10),
        fittedAt: new Date('2025-05-30T23:59:59.999Z'),
        reviewCount: 412,
        logLossDefault: 0.5,
        logLossFitted: 0.4,
        rmseDefault: 0.1,
        rmseFitted: 0.09,
        optimizer: 'test',
      },
    });
    const now = at(2);
    for (const learner of [fitted, plain]) {
      const both = await progress.myProgress(learner, now);
      expect(both).toEqual({
        courses: await progress.listMyProgress(learner, now),
        schedule: await progress.mySchedule(learner),
      });
    }
    const mine = await progress.myProgress(fitted, now);
    expect(mine.schedule).toEqual({
      personalised: true,
      fittedAt: '2025-05-30T23:59:59.999Z',
      reviewCount: 412,
    });
    expect(mine.courses.map((c) => [c.course.slug, c.lastActivity, c.lessonsCompleted])).toEqual([
      ['pm1', '2025-06-01T09:00:00.123Z', 1],
      ['pm2', '2025-06-01T09:00:00.123Z', 0],
      ['pm3', '2025-06-01T09:00:00.116Z', 0],
    ]);
    expect(await progress.myProgress(plain, now)).toEqual({
      courses: [],
      schedule: { personalised: false, fittedAt: null, reviewCount: null },
    });
  });
});
