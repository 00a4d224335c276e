import { describe, expect, it } from '@jest/globals';
import { default_w, fsrs, generatorParameters } from 'ts-fsrs';

import { createFsrsRsOptimizer, OptimizerUnavailableError } from './fsrs-optimizer.js';
import { toTimedItems } from './review-history.js';
import { FORGETFUL_WEIGHTS, simulateLearner } from './testing/simulate-learner.js';

describe('fsrs-rs optimizer', () => {
  const optimizer = createFsrsRsOptimizer();
  // 150 cards over half a year: about 2,000 reviews, the newest fifth held out.
  const logs = simulateLearner({
    weights: FORGETFUL_WEIGHTS,
    cards: 150,
    days: 180,
    seed: 7,
    start: new Date('2026-01-01T00:00:00Z'),
  });
  const items = toTimedItems(logs).map((i) => i.reviews);
  const split = Math.floor(items.length * 0.8);
  const train = items.slice(0, split);
  const test = items.slice(split);

  it('recovers a learner who forgets faster than the defaults: on held-out reviews it predicts about as well as the true weights, and clearly better than the defaults', async () => {
    const fitted = await optimizer.fit(train);
    const defaults = await optimizer.evaluate(default_w, test);
    const fit = await optimizer.evaluate(fitted, test);
    const truth = await optimizer.evaluate(FORGETFUL_WEIGHTS, test);
    expect(fit.logLoss).toBeLessThan(defaults.logLoss - 0.02);
    expect(fit.rmse).toBeLessThan(defaults.rmse);
    // Within a quarter of the gap between the defaults and the truth.
    expect(fit.logLoss - truth.logLoss).toBeLessThan((defaults.logLoss - truth.logLoss) / 4);
    // The learner's short first intervals are found: w[2] (stability after a first "good").
    expect(fitted[2]!).toBeLessThan(default_w[2]! / 1.5);
  });

  it("returns FSRS-6's 21 weights, which ts-fsrs 5 accepts as w unchanged", async () => {
    const fitted = await optimizer.fit(train);
    expect(fitted).toHaveLength(21);
    expect(fsrs(generatorParameters({ w: fitted })).parameters.w).toEqual(fitted);
  });

  it('refuses items fsrs-rs would abort the process on, with a plain error', async () => {
    await expect(
      optimizer.fit([
        [
          { rating: 3, deltaT: 0 },
          { rating: 3, deltaT: 0 },
        ],
      ]),
    ).rejects.toThrow(/spanning at least one day/);
    await expect(
      optimizer.fit([
        [
          { rating: 5, deltaT: 0 },
          { rating: 3, deltaT: 2 },
        ],
      ]),
    ).rejects.toThrow(/rated 1-4/);
    await expect(optimizer.evaluate(default_w, [])).rejects.toThrow(/no items/);
  });

  it('on a platform without its native module, a fit is refused with a code naming the platform, not a crash', async () => {
    // As on macOS or Windows, where binding 0.5 publishes no native module.
    const missing = createFsrsRsOptimizer({
      importBinding: () =>
        Promise.reject(
          new Error("Cannot find module '@open-spaced-repetition/binding-darwin-arm64'"),
        ),
    });
    const refusal = missing.fit(train);
    await expect(refusal).rejects.toBeInstanceOf(OptimizerUnavailableError);
    await expect(refusal).rejects.toMatchObject({ code: 'fsrs.optimizer_unavailable' });
    await expect(missing.evaluate(default_w, test)).rejects.toThrow(
      new RegExp(`cannot load on ${process.platform}-${process.arch}: Cannot find module`),
    );
  });
});
