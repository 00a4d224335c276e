import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';
import { default_w, fsrs, generatorParameters, Rating } from 'ts-fsrs';

import { makeCourse, makeUser } from '../../catalog/test-fixtures.js';
import {
  createEnrollments,
  createFsrsRsOptimizer,
  createProgress,
  createReviews,
  fitUserParameters,
  MIN_REVIEWS,
} from '../../index.js';
import type { Actor, DueCard, FsrsOptimizer, Reviews } from '../../index.js';
import { toFsrsCard } from '../card-mapping.js';
import type { CardColumns } from '../card-mapping.js';
import { FORGETFUL_WEIGHTS, simulateLearner } from './testing/simulate-learner.js';

const start = new Date('2026-01-05T08:00:00Z');
const DAY = 86_400_000;

describe.each(testDatabases())('per-learner FSRS parameters on %s', (_kind, open) => {
  let db: Db;
  let reviews: Reviews;
  const optimizer = createFsrsRsOptimizer();
  let courses = 0;
  beforeAll(async () => {
    db = await open();
    reviews = createReviews({ db, enableFuzz: false });
  });
  afterAll(() => db.close());

  async function learnerWithCards(n: number): Promise<{ learner: Actor; cardIds: string[] }> {
    const owner = await makeUser(db, 'instructor');
    const learner = await makeUser(db);
    const slug = `fit-${++courses}`;
    await makeCourse(db, {
      owner,
      slug,
      modules: [{ title: 'M', lessons: [{ slug: 'l1' }] }],
      cards: Array.from({ length: n }, (_, i) => ({
        prompt: `Q${i}`,
        answer: `A${i}`,
        lesson: 'l1',
      })),
    });
    await createEnrollments({ db }).enroll(learner, slug, start);
    const cards = await db.prisma.reviewCard.findMany({ where: { userId: learner.userId } });
    return { learner, cardIds: cards.map((c) => c.id) };
  }

  /** A forgetful learner's half year of reviews, each one graded through the review service. */
  async function forgetfulLearner(): Promise<{ learner: Actor; reviewCount: number; end: Date }> {
    const { learner, cardIds } = await learnerWithCards(80);
    const logs = simulateLearner({
      weights: FORGETFUL_WEIGHTS,
      cards: 80,
      days: 150,
      seed: 11,
      start,
      cardIds,
    });
    for (const log of logs)
      await reviews.grade(learner, { cardId: log.cardId, rating: log.rating }, log.review);
    return { learner, reviewCount: logs.length, end: new Date(start.getTime() + 151 * DAY) };
  }

  const readCard = async (cardId: string) =>
    (
      await db.sql<CardColumns>`
        SELECT due, stability, difficulty, elapsed_days, scheduled_days, learning_steps, reps, lapses,
               state, last_review
          FROM review_cards WHERE id = ${cardId}::uuid`
    )[0]!;

  /** Grading picks a refit up from the database's announcement; wait for it (bounded). */
  async function untilDue(learner: Actor, now: Date, ok: (due: DueCard[]) => Promise<boolean>) {
    for (let i = 0; i < 100; i++) {
      const due = await reviews.listDue(learner, { limit: 5 }, now);
      if (due.length > 0 && (await ok(due))) return due;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the due list never reflected the new parameters');
  }

  it(`below ${MIN_REVIEWS} reviews: no fit, the defaults schedule, and the schedule is not personalised`, async () => {
    const { learner, cardIds } = await learnerWithCards(3);
    for (const [i, cardId] of cardIds.entries()) {
      await reviews.grade(
        learner,
        { cardId, rating: Rating.Good },
        new Date(start.getTime() + i * 1000),
      );
    }
    const outcome = await fitUserParameters({ db, optimizer }, learner.userId, new Date());
    expect(outcome).toEqual({ status: 'skipped', reason: 'too_few_reviews', reviewCount: 3 });
    expect(await createProgress({ db }).mySchedule(learner)).toEqual({
      personalised: false,
      fittedAt: null,
      reviewCount: null,
    });
    const now = new Date(start.getTime() + 30 * DAY);
    const [first] = await reviews.listDue(learner, { limit: 1 }, now);
    const defaults = fsrs(generatorParameters({ enable_fuzz: false }));
    const card = toFsrsCard(await readCard(first!.cardId));
    expect(first!.nextIntervals.good.due).toBe(
      defaults.next(card, now, Rating.Good).card.due.toISOString(),
    );
  });

  it('fits a forgetful learner, stores the weights with date and count, and from then on grades exactly as ts-fsrs does with them', async () => {
    const { learner, reviewCount, end } = await forgetfulLearner();
    expect(reviewCount).toBeGreaterThan(MIN_REVIEWS);
    // Warm the learner's cached scheduler (the defaults) before the fit.
    await reviews.listDue(learner, { limit: 1 }, end);
    const fittedAt = new Date('2026-06-10T03:00:00Z');
    const outcome = await fitUserParameters({ db, optimizer }, learner.userId, fittedAt);
    if (outcome.status !== 'fitted')
      throw new Error(`expected a fit, got ${JSON.stringify(outcome)}`);
    expect(outcome.reviewCount).toBe(reviewCount);
    expect(outcome.heldOut.fitted.logLoss).toBeLessThan(outcome.heldOut.defaults.logLoss);

    const [row] = await db.sql<{
      weights: number[];
      review_count: number;
      fitted_at: Date;
      optimizer: string;
    }>`
      SELECT weights, review_count, fitted_at, optimizer FROM fsrs_parameters WHERE user_id = ${learner.userId}::uuid`;
    expect(row!.weights).toHaveLength(21);
    expect(row!.weights).toEqual(outcome.weights);
    expect(row!.review_count).toBe(reviewCount);
    expect(new Date(row!.fitted_at).toISOString()).toBe(fittedAt.toISOString());
    expect(row!.optimizer).toMatch(/fsrs-rs/);
    expect(await createProgress({ db }).mySchedule(learner)).toEqual({
      personalised: true,
      fittedAt: fittedAt.toISOString(),
      reviewCount,
    });

    const personal = fsrs(generatorParameters({ w: row!.weights, enable_fuzz: false }));
    const defaults = fsrs(generatorParameters({ enable_fuzz: false }));
    const due = await untilDue(learner, end, async ([first]) => {
      const card = toFsrsCard(await readCard(first!.cardId));
      return (
        first!.nextIntervals.good.due ===
        personal.next(card, end, Rating.Good).card.due.toISOString()
      );
    });
    // Every preview of every listed card is ts-fsrs's with the stored weights, and not the defaults'.
    let differs = false;
    for (const listed of due) {
      const card = toFsrsCard(await readCard(listed.cardId));
      const expected = personal.repeat(card, end);
      for (const [name, grade] of [
        ['again', Rating.Again],
        ['hard', Rating.Hard],
        ['good', Rating.Good],
        ['easy', Rating.Easy],
      ] as const) {
        expect(listed.nextIntervals[name].due).toBe(expected[grade].card.due.toISOString());
        if (
          defaults.next(card, end, grade).card.due.getTime() !== expected[grade].card.due.getTime()
        )
          differs = true;
      }
    }
    expect(differs).toBe(true);
    // And a grade stores what ts-fsrs computes with them.
    const target = due[0]!.cardId;
    const before = toFsrsCard(await readCard(target));
    const graded = await reviews.grade(learner, { cardId: target, rating: Rating.Good }, end);
    const expected = personal.next(before, end, Rating.Good).card;
    expect(graded.due).toBe(expected.due.toISOString());
    expect(graded.stability).toBeCloseTo(expected.stability, 10);
    expect(graded.difficulty).toBeCloseTo(expected.difficulty, 10);
  });

  it('keeps no fit that predicts the held-out reviews worse than the defaults, and removes an earlier one', async () => {
    const { learner, reviewCount } = await forgetfulLearner();
    await fitUserParameters({ db, optimizer }, learner.userId, new Date());
    expect((await createProgress({ db }).mySchedule(learner)).personalised).toBe(true);
    // An optimizer that returns nonsense: initial stabilities fifty times the defaults.
    const wild: FsrsOptimizer = {
      ...optimizer,
      fit: async () => default_w.map((w, i) => (i <= 3 ? w * 50 : w)),
    };
    const outcome = await fitUserParameters({ db, optimizer: wild }, learner.userId, new Date());
    expect(outcome).toMatchObject({
      status: 'skipped',
      reason: 'not_better_than_defaults',
      reviewCount,
    });
    expect((await createProgress({ db }).mySchedule(learner)).personalised).toBe(false);
  });
});
