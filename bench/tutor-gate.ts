/**
 * The tutor's relevance gate on the seeded courses: everyday off-topic questions, each
 * sharing a word with one seeded course (bench/tutor-gate/off-topic.ts), asked of every
 * seeded course through the real tutor with the offline (noop) model. A question the
 * gate lets through costs a model call, counted in the gateway's own call log.
 *
 *   node tools/run-ts.mjs bench/tutor-gate.ts [tuning|held-out] [pglite|postgres]
 *
 * `tuning` is the set the gate's thresholds may be chosen on; `held-out` is only run to
 * confirm a finished change. In-scope paraphrases are bench/paraphrase.ts's part.
 */
import { performance } from 'node:perf_hooks';

import type { Db } from '@lumen/db';
import {
  createLlmGateway,
  createNoopProvider,
  createSearch,
  createTutor,
  demoCourses,
  seedDemoData,
} from '@lumen/domain';
import type { Actor } from '@lumen/domain';

import { openBenchDb } from './bench-db.js';
import { benchTopicCheck } from './bench-topic-check.js';
import { heldOut, tuning } from './tutor-gate/off-topic.js';

const SETS: Record<string, readonly string[]> = { tuning, 'held-out': heldOut };

async function run(db: Db, questions: readonly string[]): Promise<void> {
  const now = new Date('2026-06-01T09:00:00.000Z');
  await seedDemoData(db, now);
  const row = await db.prisma.user.findUniqueOrThrow({ where: { email: 'admin@lumen.test' } });
  // An admin may ask about every seeded course, the draft included, without enrolling.
  const admin: Actor = { userId: row.id, role: 'admin' };
  const gateway = createLlmGateway({ db, provider: createNoopProvider() });
  const check = benchTopicCheck();
  console.log(check.label);
  const tutor = createTutor({
    db,
    search: createSearch({ db }),
    gateway,
    topicCheck: check.topicCheck,
  });
  const calls = () => db.prisma.llmCallLog.count({ where: { feature: 'mcp.ask_tutor' } });
  const reached = new Map<string, string[]>();
  const latencies: number[] = [];
  for (const course of demoCourses) {
    let leaked = 0;
    for (const question of questions) {
      const before = await calls();
      const started = performance.now();
      const answer = await tutor.ask(admin, { courseSlug: course.slug, question }, {}, now);
      latencies.push(performance.now() - started);
      if (answer.covered || (await calls()) !== before) {
        leaked += 1;
        reached.set(question, [...(reached.get(question) ?? []), course.slug]);
      }
    }
    console.log(`  ${course.slug}: ${leaked}/${questions.length} reached the model`);
  }
  const pairs = [...reached.values()].reduce((n, slugs) => n + slugs.length, 0);
  console.log(
    `off-topic questions that reached the model on some seeded course: ${reached.size}/${questions.length} ` +
      `(${pairs}/${questions.length * demoCourses.length} question/course pairs)`,
  );
  // Again, every pair: the topic check's passage vectors are now cached, as on a server
  // that has answered questions on these courses before.
  const again: number[] = [];
  for (const course of demoCourses)
    for (const question of questions) {
      const started = performance.now();
      await tutor.ask(admin, { courseSlug: course.slug, question }, {}, now);
      again.push(performance.now() - started);
    }
  const show = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
    return `median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${at(1).toFixed(0)} ms`;
  };
  console.log(`tutor latency, first pass: ${show(latencies)}; second pass: ${show(again)}`);
  await check.close();
  if (process.env['BENCH_VERBOSE'])
    for (const [question, slugs] of reached) console.log(`  ${question} <- ${slugs.join(', ')}`);
}

const setName = process.argv[2] ?? 'tuning';
const questions = SETS[setName];
if (!questions) throw new Error(`unknown set "${setName}" (${Object.keys(SETS).join(', ')})`);
const which = process.argv[3] ?? 'pglite';
console.log(`tutor gate, off-topic set: ${setName}, ${which}`);
const db = await openBenchDb(which);
try {
  await run(db, questions);
} finally {
  await db.close();
}
