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
import { FSRS, get_fuzz_range } from 'ts-fsrs';
import type { FSRSParameters, int } from 'ts-fsrs';

export class FuzzOnceScheduler extends FSRS {
  private fuzzSeed: string | undefined;
  private fuzzFactor = 0;

  constructor(params: Partial<FSRSParameters>) {
    super(params);
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
