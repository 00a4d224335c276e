import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';
import { createEmptyCard, fsrs, generatorParameters, Rating } from 'ts-fsrs';
import type { Card, Grade } from 'ts-fsrs';

import { makeCourse, makeUser } from '../catalog/test-fixtures.js';
import { createEnrollments, createReviews, isLumenError } from '../index.js';
import type { Actor, Reviews } from '../index.js';

const t0 = new Date('2025-03-09T23:47:12.345Z');
const MIN = 60_000;
const DAY = 86_400_000;

describe.each(testDatabases())('reviews on %s', (_kind, open) => {
  let db: Db;
  let reviews: Reviews;
  let courseCount = 0;
  beforeAll(async () => {
    db = await open();
    reviews = createReviews({ db, enableFuzz: false });
  });
  afterAll(() => db.close());

  /** A learner enrolled (at `at`) in a fresh course with `n` card templates. */
  async function learnerWithCards(
    n: number,
    at = t0,
  ): Promise<{ learner: Actor; slug: string; cardIds: string[] }> {
    const owner = await makeUser(db, 'instructor');
    const learner = await makeUser(db);
    const slug = `rev-${++courseCount}`;
    await makeCourse(db, {
      owner,
      slug,
      title: `Reviews ${courseCount}`,
      modules: [{ title: 'M', lessons: [{ slug: 'l1' }] }],
      cards: Array.from({ length: n }, (_, i) => ({
        prompt: `Q${i}`,
        answer: `A${i}`,
        lesson: 'l1',
      })),
    });
    await createEnrollments({ db }).enroll(learner, slug, at);
    const cards = await db.prisma.reviewCard.findMany({
      where: { userId: learner.userId },
      orderBy: { prompt: 'asc' },
    });
    return { learner, slug, cardIds: cards.map((c) => c.id) };
  }

  it('stores exactly the card ts-fsrs computes, step after step', async () => {
    const { learner, cardIds } = await learnerWithCards(1);
    const cardId = cardIds[0] as string;
    const scheduler = fsrs(
      generatorParameters({ request_retention: 0.9, maximum_interval: 36500, enable_fuzz: false }),
    );
    let expected: Card = createEmptyCard(t0);
    // Reviews at varied offsets from the due time, some early, some late, across
    // UTC midnights, so elapsed-day counting and every state are exercised.
    const steps: Array<[Grade, number]> = [
      [Rating.Good, 3 * MIN],
      [Rating.Again, 0],
      [Rating.Hard, 7 * MIN + 11],
      [Rating.Good, 5 * MIN],
      [Rating.Good, 2 * DAY + 13 * MIN],
      [Rating.Again, -DAY / 2],
      [Rating.Good, 17],
      [Rating.Easy, 9 * DAY],
      [Rating.Hard, 0],
    ];
    const states = new Set<number>();
    for (const [i, [rating, offset]] of steps.entries()) {
      const at = new Date(
        Math.max(expected.due.getTime() + offset, (expected.last_review?.getTime() ?? 0) + 1000),
      );
      expected = scheduler.next(expected, at, rating).card;
      const result = await reviews.grade(learner, { cardId, rating }, at);
      const row = await db.prisma.reviewCard.findUniqueOrThrow({ where: { id: cardId } });
      states.add(row.state);
      expect({
        step: i,
        due: row.due.toISOString(),
        lastReview: row.lastReview?.toISOString(),
      }).toEqual({
        step: i,
        due: expected.due.toISOString(),
        lastReview: expected.last_review?.toISOString(),
      });
      expect(row).toMatchObject({
        stability: expected.stability,
        difficulty: expected.difficulty,
        elapsedDays: expected.elapsed_days,
        scheduledDays: expected.scheduled_days,
        learningSteps: expected.learning_steps,
        reps: expected.reps,
        lapses: expected.lapses,
        state: expected.state,
        version: i + 1,
      });
      expect(result).toMatchObject({
        cardId,
        rating,
        due: expected.due.toISOString(),
        reps: expected.reps,
      });
    }
    expect([...states].sort()).toEqual([1, 2, 3]);
    const logs = await db.prisma.reviewLog.findMany({
      where: { cardId },
      orderBy: { cardVersion: 'asc' },
    });
    expect(logs.map((l) => [l.cardVersion, l.rating])).toEqual(
      steps.map(([rating], i) => [i, rating]),
    );
  });

  it('lists the caller’s due cards, most overdue first, with retrievability and rating previews', async () => {
    const { learner, slug, cardIds } = await learnerWithCards(4);
    const [a, b, c, d] = cardIds as [string, string, string, string];
    // a: reviewed once (Good), due later; b: reviewed, then made overdue; c, d: new.
    const now = new Date(t0.getTime() + 3 * DAY);
    await reviews.grade(learner, { cardId: a, rating: 3 }, t0);
    await reviews.grade(learner, { cardId: b, rating: 4 }, t0);
    await db.prisma.reviewCard.update({
      where: { id: b },
      data: { due: new Date(t0.getTime() - DAY) },
    });
    await db.prisma.reviewCard.update({
      where: { id: d },
      data: { due: new Date(now.getTime() + MIN) },
    });
    const other = await learnerWithCards(1);

    const due = await reviews.listDue(learner, {}, now);
    expect(due.map((x) => x.cardId)).toEqual([b, c, a]);
    const [first, second] = due;
    expect(first).toMatchObject({
      course: { slug, title: expect.any(String) },
      lessonSlug: 'l1',
      prompt: 'Q1',
      answer: 'A1',
      state: 'review',
      due: new Date(t0.getTime() - DAY).toISOString(),
    });
    expect(first?.retrievability).toBeGreaterThan(0);
    expect(first?.retrievability).toBeLessThan(1);
    expect(second).toMatchObject({ state: 'new', retrievability: null });
    expect(second?.nextIntervals).toEqual({
      again: { interval: '1m', due: new Date(now.getTime() + MIN).toISOString() },
      hard: { interval: '6m', due: new Date(now.getTime() + 6 * MIN).toISOString() },
      good: { interval: '10m', due: new Date(now.getTime() + 10 * MIN).toISOString() },
      easy: expect.objectContaining({ interval: expect.stringMatching(/^\d+d$/) }),
    });
    expect((await reviews.listDue(learner, { limit: 1 }, now)).map((x) => x.cardId)).toEqual([b]);
    expect(await reviews.listDue(other.learner, {}, new Date(t0.getTime() - 1))).toEqual([]);
    await expect(reviews.listDue(learner, { limit: 101 }, now)).rejects.toMatchObject({
      code: 'mcp.invalid_argument',
    });
  });

  it('pages a just-enrolled course in (due, id) order, reading only the page from the index', async () => {
    // Enrolment gives every card of a course one due time. Ordering by (due, id) then
    // must not mean reading and sorting all of them: the (user_id, due, id) index
    // returns them in order, so the scan stops after `limit` rows.
    const { learner, cardIds } = await learnerWithCards(400);
    const due = await reviews.listDue(learner, { limit: 20 }, new Date(t0.getTime() + MIN));
    expect(due.map((c) => c.cardId)).toEqual([...cardIds].sort().slice(0, 20));
    await db.sql`ANALYZE review_cards`;
    const plan = await db.sql<{ 'QUERY PLAN': unknown }>`
      EXPLAIN (ANALYZE, FORMAT JSON)
      SELECT id FROM review_cards
       WHERE user_id = ${learner.userId}::uuid AND due <= ${t0.toISOString()}::timestamptz
       ORDER BY due, id LIMIT 20`;
    const text = JSON.stringify(plan[0]?.['QUERY PLAN']);
    expect(text).not.toContain('Sort');
    expect(text).toContain('review_cards_user_id_due_id_idx');
  });

  it('rejects ratings other than 1-4 and cards that are not the caller’s', async () => {
    const { learner, cardIds } = await learnerWithCards(1);
    const cardId = cardIds[0] as string;
    for (const rating of [0, 5, 2.5, Number.NaN, '3' as unknown as number]) {
      await expect(reviews.grade(learner, { cardId, rating }, t0)).rejects.toMatchObject({
        code: 'mcp.review.invalid_rating',
      });
    }
    const stranger = await makeUser(db);
    for (const [actor, id] of [
      [stranger, cardId],
      [learner, '00000000-0000-4000-8000-000000000000'],
      [learner, 'not-a-uuid'],
      [learner, "'; DROP TABLE review_cards; --"],
    ] as const) {
      await expect(reviews.grade(actor, { cardId: id, rating: 3 }, t0)).rejects.toMatchObject({
        code: 'mcp.review.not_found',
      });
    }
    expect(await db.prisma.reviewLog.count({ where: { cardId } })).toBe(0);
  });

  it('never applies simultaneous grades of one card to the same prior state', async () => {
    const { learner, cardIds } = await learnerWithCards(1);
    const cardId = cardIds[0] as string;
    let applied = 0;
    let conflicts = 0;
    for (let round = 0; round < 3; round++) {
      const at = new Date(t0.getTime() + round * DAY);
      const outcomes = await Promise.allSettled(
        [3, 1, 4, 2].map((rating) => reviews.grade(learner, { cardId, rating }, at)),
      );
      for (const o of outcomes) {
        if (o.status === 'fulfilled') applied++;
        else {
          conflicts++;
          expect(isLumenError(o.reason) && o.reason.code).toBe('mcp.review.conflict');
          expect(String(o.reason.message)).toMatch(/graded by another request/);
        }
      }
      expect(outcomes.some((o) => o.status === 'fulfilled')).toBe(true);
    }
    const logs = await db.prisma.reviewLog.findMany({
      where: { cardId },
      orderBy: { cardVersion: 'asc' },
    });
    const card = await db.prisma.reviewCard.findUniqueOrThrow({ where: { id: cardId } });
    expect(logs).toHaveLength(applied);
    expect(applied + conflicts).toBe(12);
    expect(logs.map((l) => l.cardVersion)).toEqual(logs.map((_, i) => i));
    expect(card.reps).toBe(logs.length);
    expect(card.version).toBe(logs.length);
  });

  it('logs every applied grade exactly once when many graders race and retry over shared cards', async () => {
    const { learner, cardIds } = await learnerWithCards(6);
    const GRADERS = 12;
    const ROUNDS = 5;
    let applied = 0;
    // Each grader grades cards in its own order and retries a grade that lost a race
    // (as a client told 'mcp.review.conflict' would: it re-reads and grades again).
    const grader = async (g: number) => {
      for (let r = 0; r < ROUNDS; r++) {
        const cardId = cardIds[(g + r) % cardIds.length] as string;
        for (;;) {
          try {
            await reviews.grade(learner, { cardId, rating: 1 + ((g + r) % 4) }, t0);
            applied++;
            break;
          } catch (error) {
            expect(isLumenError(error) && error.code).toBe('mcp.review.conflict');
          }
        }
      }
    };
    await Promise.all(Array.from({ length: GRADERS }, (_, g) => grader(g)));
    expect(applied).toBe(GRADERS * ROUNDS);
    const logs = await db.prisma.reviewLog.findMany({ where: { userId: learner.userId } });
    expect(logs).toHaveLength(applied);
    const cards = await db.prisma.reviewCard.findMany({ where: { userId: learner.userId } });
    for (const card of cards) {
      const versions = logs
        .filter((l) => l.cardId === card.id)
        .map((l) => l.cardVersion)
        .sort((a, b) => a - b);
      expect(versions).toEqual(versions.map((_, i) => i));
      expect(card.version).toBe(versions.length);
      expect(card.reps).toBe(versions.length);
    }
  });
});
