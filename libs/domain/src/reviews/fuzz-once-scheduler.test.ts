import { Rating, State, fsrs, generatorParameters } from 'ts-fsrs';
import type { Card, Grade } from 'ts-fsrs';

import { FuzzOnceScheduler } from './fuzz-once-scheduler.js';

const DAY = 86_400_000;
const GRADES: Grade[] = [Rating.Again, Rating.Hard, Rating.Good, Rating.Easy];

/** A deterministic spread of cards in every state, short and long stabilities. */
function cards(count: number, now: Date): Card[] {
  let x = 12345;
  const rand = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
  return Array.from({ length: count }, (_, i) => {
    const state = (i % 4) as State;
    const stability = state === State.New ? 0 : 0.2 + rand() * (i % 3 === 0 ? 3000 : 40);
    const lastReview = new Date(now.getTime() - rand() * 2 * stability * DAY);
    return {
      due: new Date(lastReview.getTime() + stability * DAY),
      stability,
      difficulty: state === State.New ? 0 : 1 + rand() * 9,
      elapsed_days: Math.floor(rand() * 30),
      scheduled_days: Math.round(stability),
      learning_steps: i % 2,
      reps: state === State.New ? 0 : 1 + (i % 17),
      lapses: i % 5,
      state,
      ...(state === State.New ? {} : { last_review: lastReview }),
    };
  });
}

describe('FuzzOnceScheduler', () => {
  const params = generatorParameters({
    request_retention: 0.9,
    maximum_interval: 36500,
    enable_fuzz: true,
  });
  const ours = new FuzzOnceScheduler(params);
  const theirs = fsrs(params);

  it('previews every rating exactly as ts-fsrs does, fuzz included', () => {
    const now = new Date('2026-11-29T11:22:33.456Z');
    let fuzzed = 0;
    for (const card of cards(400, now)) {
      const a = ours.repeat(card, now);
      const b = theirs.repeat(card, now);
      for (const grade of GRADES) {
        expect(a[grade]).toEqual(b[grade]);
        const unfuzzed = fsrs({ ...params, enable_fuzz: false }).repeat(card, now)[grade];
        if (unfuzzed.card.scheduled_days !== b[grade].card.scheduled_days) fuzzed += 1;
      }
    }
    // The fixture reaches the fuzz: most long intervals move.
    expect(fuzzed).toBeGreaterThan(300);
  });

  it('gives the due time of each rating and the retrievability exactly as repeat does', () => {
    const other = new FuzzOnceScheduler(
      generatorParameters({ ...params, learning_steps: ['2m', '1h', '2d'], relearning_steps: [] }),
    );
    const longTerm = new FuzzOnceScheduler(
      generatorParameters({ ...params, enable_short_term: false }),
    );
    let compared = 0;
    for (const scheduler of [ours, other, longTerm]) {
      for (const now of [
        new Date('2026-11-29T11:22:33.456Z'),
        new Date('2027-03-01T23:59:59.999Z'),
      ]) {
        for (const card of cards(400, now)) {
          const repeat = scheduler.repeat(card, now);
          const dues = scheduler.previewDues(card, now);
          expect(dues.map((d) => new Date(d).toISOString())).toEqual(
            GRADES.map((g) => repeat[g].card.due.toISOString()),
          );
          if (card.state !== State.New)
            expect(scheduler.retrievabilityAt(card, now)).toBe(
              theirs.get_retrievability(card, now, false),
            );
          compared += 1;
        }
      }
    }
    expect(compared).toBe(2400);
    // The default scheduler's previews are also ts-fsrs's own (fuzz included).
    const now = new Date('2026-11-29T11:22:33.456Z');
    for (const card of cards(400, now))
      expect(ours.previewDues(card, now)).toEqual(
        GRADES.map((g) => theirs.repeat(card, now)[g].card.due.getTime()),
      );
  });

  it('keeps its parameters: changing one throws rather than leave derived values stale', () => {
    const scheduler = new FuzzOnceScheduler(params);
    expect(() => {
      scheduler.parameters = { request_retention: 0.8 };
    }).toThrow(TypeError);
    expect(scheduler.parameters.request_retention).toBe(0.9);
    expect(scheduler.interval_modifier).toBe(fsrs(params).interval_modifier);
  });

  it('grades as ts-fsrs does and as its own preview said, one card after another', () => {
    let card = cards(1, new Date('2026-01-01T00:00:00Z'))[0]!;
    let now = new Date('2026-01-02T08:00:00Z');
    for (let step = 0; step < 40; step++) {
      const grade = GRADES[(step * 7) % 4]!;
      const preview = ours.repeat(card, now)[grade];
      const graded = ours.next(card, now, grade);
      expect(graded).toEqual(theirs.next(card, now, grade));
      expect(graded).toEqual(preview);
      card = graded.card;
      now = new Date(card.due.getTime() + ((step % 5) - 2) * 3_600_000);
    }
  });
});
