/**
 * ts-fsrs's scheduler with its interval fuzz drawn once per seed instead of once per
 * interval. Results are identical to ts-fsrs's own: the same seed, the same generator,
 * the same first number, the same range.
 *
 * Why: `apply_fuzz` builds a fresh Alea generator from the scheduler's seed for every
 * interval it fuzzes and uses only its first number. The seed depends on the card and
 * the review time alone (DefaultInitSeedStrategy: review time, reps, difficulty x
 * stability), so previewing the four ratings of one card seeded the same generator up
 * to three times, and Alea's Mash over the seed string was a third of the preview cost
 * of list_my_due_reviews. reviews.test.ts checks this scheduler against ts-fsrs's own
 * card by card, so a ts-fsrs upgrade that changes its fuzz fails there, not silently.
 */
import { BasicLearningStepsStrategy, FSRS, Rating, State, get_fuzz_range } from 'ts-fsrs';
import type { Card, FSRSParameters, FSRSState, Grade, int } from 'ts-fsrs';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** The due time each rating would give, Again to Easy, in epoch milliseconds. */
export type PreviewDues = readonly [again: number, hard: number, good: number, easy: number];

export class FuzzOnceScheduler extends FSRS {
  private fuzzSeed: string | undefined;
  private fuzzFactor = 0;

  /** The learning-step strategy's result per card state and step (see {@link previewDues}). */
  private readonly stepsCache = new Map<number, ReturnType<typeof BasicLearningStepsStrategy>>();

  constructor(params: Partial<FSRSParameters>) {
    super(params);
    // ts-fsrs keeps the parameters behind a Proxy whose set trap recomputes the values
    // derived from them, and every formula reads them through it: those reads were about
    // half of a due-list preview's cost. A scheduler here is built once per weight vector
    // (user-schedulers.ts) and never changed, so it reads a frozen plain copy instead; a
    // later attempt to change a parameter throws rather than leave the derived values stale.
    this.param = Object.freeze({ ...this.param });
  }

  /** ts-fsrs 5's apply_fuzz, with the generator's first number kept for the current seed. */
  override apply_fuzz(ivl: number, elapsed_days: number): int {
    if (!this.param.enable_fuzz || ivl < 2.5) return Math.round(ivl) as int;
    const seed = this._seed;
    if (seed !== this.fuzzSeed || seed === undefined) {
      this.fuzzFactor = aleaFirst(seed);
      this.fuzzSeed = seed;
    }
    const { min_ivl, max_ivl } = get_fuzz_range(ivl, elapsed_days, this.param.maximum_interval);
    return Math.floor(this.fuzzFactor * (max_ivl - min_ivl + 1) + min_ivl) as int;
  }

  /**
   * The due time of each rating, as `repeat(card, now)[grade].card.due` (ts-fsrs 5's
   * BasicScheduler with its default strategies), for the due list's previews. `repeat`
   * copies the card six times and builds four cards and four review logs to give four
   * dates; this computes only the dates, with ts-fsrs's own formulas (`next_state`,
   * `next_interval` with the fuzz above, `forgetting_curve`, the learning steps). Without
   * short-term scheduling it is `repeat` itself. fuzz-once-scheduler.test.ts compares the
   * two on cards in every state. Times are epoch milliseconds: the due list only prints them.
   */
  previewDues(card: Card, now: Date): PreviewDues {
    if (!this.param.enable_short_term) {
      const p = this.repeat(card, now);
      return [
        p[Rating.Again].card.due.getTime(),
        p[Rating.Hard].card.due.getTime(),
        p[Rating.Good].card.due.getTime(),
        p[Rating.Easy].card.due.getTime(),
      ];
    }
    // AbstractScheduler.init: days since the last review, and the fuzz seed.
    const elapsed =
      card.state !== State.New && card.last_review ? daysBetween(card.last_review, now) : 0;
    this.seed = `${now.getTime()}_${card.reps + 1}_${card.difficulty * card.stability}`;
    const memory: FSRSState = { difficulty: card.difficulty, stability: card.stability };
    const nowMs = now.getTime();
    const at = (ms: number) => nowMs + ms;
    // BasicScheduler.applyLearningSteps, for the due time only.
    const steps = this.learningSteps(card.state, card.learning_steps || 0);
    const afterSteps = (grade: Grade, next: FSRSState): number => {
      const minutes = Math.max(0, steps[grade]?.scheduled_minutes ?? 0);
      if (minutes > 0) return at(Math.round(minutes) * MINUTE);
      return at(this.next_interval(next.stability, elapsed) * DAY);
    };
    if (card.state !== State.Review) {
      const due = (grade: Grade) => afterSteps(grade, this.next_state(memory, elapsed, grade));
      return [due(Rating.Again), due(Rating.Hard), due(Rating.Good), due(Rating.Easy)];
    }
    // BasicScheduler.reviewState: Hard < Good < Easy, each at least a day apart.
    const r = this.forgetting_curve(elapsed, card.stability);
    const again = this.next_state(memory, elapsed, Rating.Again, r);
    const hard = this.next_state(memory, elapsed, Rating.Hard, r);
    const good = this.next_state(memory, elapsed, Rating.Good, r);
    const easy = this.next_state(memory, elapsed, Rating.Easy, r);
    const hardIvl = this.next_interval(hard.stability, elapsed);
    const goodIvl = this.next_interval(good.stability, elapsed);
    const hardDays = Math.min(hardIvl, goodIvl);
    const goodDays = Math.max(goodIvl, hardDays + 1);
    const easyDays = Math.max(this.next_interval(easy.stability, elapsed), goodDays + 1);
    return [
      afterSteps(Rating.Again, again),
      at(hardDays * DAY),
      at(goodDays * DAY),
      at(easyDays * DAY),
    ];
  }

  /**
   * `BasicLearningStepsStrategy(param, state, step)`, which parses the step strings
   * ('1m', '10m') on every call, remembered per state and step (the parameters are fixed).
   */
  private learningSteps(state: State, step: number) {
    const key = step * 4 + state;
    let steps = this.stepsCache.get(key);
    if (!steps) {
      steps = BasicLearningStepsStrategy(this.param, state, step);
      if (Number.isInteger(step) && step >= 0 && step < 64) this.stepsCache.set(key, steps);
    }
    return steps;
  }

  /**
   * `get_retrievability(card, now, false)` without its copy of the card: the chance of
   * recall now, 0 for a new card.
   */
  retrievabilityAt(card: Card, now: Date): number {
    if (card.state === State.New) return 0;
    if (!card.last_review) return this.get_retrievability(card, now, false);
    const days = Math.max(Math.floor((now.getTime() - card.last_review.getTime()) / DAY), 0);
    return this.forgetting_curve(days, +card.stability.toFixed(8));
  }
}

/**
 * ts-fsrs's `dateDiffInDays(last, cur)`: whole UTC calendar days from one date to the
 * other. Its Date.UTC(year, month, day) of each is the start of that UTC day, so this is
 * the difference of the two day numbers, without the six calendar-field reads.
 */
function daysBetween(last: Date, cur: Date): number {
  return Math.floor(cur.getTime() / DAY) - Math.floor(last.getTime() / DAY);
}

const TWO_POW_MINUS_32 = 2.3283064365386963e-10;

/**
 * The first number of Johannes Baagøe's Alea generator (as ts-fsrs implements it)
 * seeded with `seed`: three state words made from Mash(' ') less Mash(seed), one step.
 * An undefined seed is Date.now() there, as here.
 */
function aleaFirst(seed: string | undefined): number {
  const mash = createMash();
  let s0 = mash(' ');
  mash(' ');
  mash(' ');
  const text = seed ?? Date.now();
  s0 -= mash(text);
  if (s0 < 0) s0 += 1;
  // Alea goes on to seed s1 and s2, but its first number reads only s0 (and c = 1).
  const t = 2091639 * s0 + TWO_POW_MINUS_32;
  return t - (t | 0);
}

/** Baagøe's Mash hash: keeps its state between calls, as Alea's seeding relies on. */
function createMash(): (data: string | number) => number {
  let n = 4022871197;
  return (data) => {
    const text = String(data);
    for (let i = 0; i < text.length; i++) {
      n += text.charCodeAt(i);
      let h = 0.02519603282416938 * n;
      n = h >>> 0;
      h -= n;
      h *= n;
      n = h >>> 0;
      h -= n;
      n += h * 4294967296;
    }
    return (n >>> 0) * TWO_POW_MINUS_32;
  };
}
