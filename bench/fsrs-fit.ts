/**
 * Does fitting FSRS-6 to a learner pay? Simulated learners whose memory follows known
 * weights (different from the defaults) are scheduled as Lumen schedules before a fit
 * (ts-fsrs defaults); each learner's log is split in time, weights are fitted on the
 * older 80% with fsrs-rs (the optimizer Lumen uses), and the defaults, the fit and the
 * true weights are scored on the newest 20%: log-loss, and RMSE over bins as fsrs-rs
 * reports it. Lower is better for both; the true weights are the floor.
 *
 * Then, on the embedded database, what the per-learner lookup costs on the request
 * path: list_my_due_reviews with the learner's weights remembered (the feed cache, no
 * query) beside the primary-key SELECT that every call would add without it.
 *
 *   node tools/run-ts.mjs bench/fsrs-fit.ts [--cards=150] [--days=180] [--calls=500]
 */
import { createDb } from '@lumen/db';
import { createReviews, seedDemoData } from '@lumen/domain';
import { default_w } from 'ts-fsrs';

import { createFsrsRsOptimizer, toTimedItems } from '../libs/domain/src/reviews/fitting/index.js';
import {
  FORGETFUL_WEIGHTS,
  simulateLearner,
} from '../libs/domain/src/reviews/fitting/testing/simulate-learner.js';

const arg = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const CARDS = arg('cards', 150);
const DAYS = arg('days', 180);
const CALLS = arg('calls', 500);

const LEARNERS: Array<{ name: string; weights: readonly number[] }> = [
  { name: 'forgetful (w0-3 low, w8 0.9, w20 0.4)', weights: FORGETFUL_WEIGHTS },
  {
    name: 'strong (w0-3 x4, w8 2.4)',
    weights: default_w.map((w, i) => (i <= 3 ? w * 4 : i === 8 ? 2.4 : w)),
  },
  {
    name: 'weak (w0-3 /4, w8 1.0, w11 0.8)',
    weights: default_w.map((w, i) => (i <= 3 ? w / 4 : i === 8 ? 1.0 : i === 11 ? 0.8 : w)),
  },
];

const optimizer = createFsrsRsOptimizer();
const fmt = (m: { logLoss: number; rmse: number }) =>
  `${m.logLoss.toFixed(4)} / ${m.rmse.toFixed(4)}`;
console.log(`${CARDS} cards per learner over ${DAYS} days; held out: newest 20% of items`);
console.log(
  'learner | reviews | held-out items | defaults | fitted | true  (log-loss / RMSE bins)',
);
for (const [seed, learner] of LEARNERS.entries()) {
  const logs = simulateLearner({
    weights: learner.weights,
    cards: CARDS,
    days: DAYS,
    seed: 100 + seed,
    start: new Date('2026-01-05T00:00:00Z'),
  });
  const items = toTimedItems(logs).map((i) => i.reviews);
  const split = Math.floor(items.length * 0.8);
  const test = items.slice(split);
  const started = performance.now();
  const fitted = await optimizer.fit(items.slice(0, split));
  const fitMs = performance.now() - started;
  const scored = test.filter((h) => h[h.length - 1]!.deltaT > 0).length;
  const [d, f, t] = [
    await optimizer.evaluate(default_w, test),
    await optimizer.evaluate(fitted, test),
    await optimizer.evaluate(learner.weights, test),
  ];
  console.log(
    `${learner.name} | ${logs.length} | ${scored} | ${fmt(d)} | ${fmt(f)} | ${fmt(t)}  (fit ${fitMs.toFixed(0)} ms)`,
  );
}

const db = await createDb({ memory: true });
await seedDemoData(db, new Date());
const learner = await db.prisma.user.findUniqueOrThrow({ where: { email: 'learner@lumen.test' } });
const actor = { userId: learner.id, role: learner.role };
const reviews = createReviews({ db, enableFuzz: false });
const later = new Date(Date.now() + 30 * 86_400_000);
const perCall = async (fn: () => Promise<unknown>) => {
  for (let i = 0; i < 50; i++) await fn();
  const started = performance.now();
  for (let i = 0; i < CALLS; i++) await fn();
  return ((performance.now() - started) * 1000) / CALLS;
};
// Alternate the two, twice, so machine noise hits both alike.
const due: number[] = [];
const lookup: number[] = [];
for (let round = 0; round < 2; round++) {
  due.push(await perCall(() => reviews.listDue(actor, { limit: 20 }, later)));
  lookup.push(
    await perCall(
      () => db.sql`SELECT weights FROM fsrs_parameters WHERE user_id = ${learner.id}::uuid`,
    ),
  );
}
const best = (xs: number[]) => Math.min(...xs).toFixed(0);
console.log(
  `embedded database, ${CALLS} calls: list_my_due_reviews (weights remembered) ${best(due)} µs/call; ` +
    `the weights SELECT a call would add without the cache ${best(lookup)} µs/call`,
);
await db.close();
