/**
 * Learning-core benchmark: list_my_due_reviews(20), list_my_progress() and
 * grade_review_card throughput with 1,000,000 review cards in the table, 100,000 of
 * them one user's, on real PostgreSQL and on PGlite (in memory).
 *
 *   node tools/run-ts.mjs bench/learning-core.ts [--pglite-total=N] [--skip-pglite] [--skip-postgres] [--explain] [--breakdown] [--keep]
 *
 * --breakdown also times parts of progress's reviewed-cards aggregate on their own (the
 * bare index-only scan, the scan with the mastery mean), to show where its time goes.
 *
 * PostgreSQL comes from BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres);
 * a scratch database is created and dropped. Its pool has 20 connections
 * (openScratchPostgres), more than the 16 concurrent graders.
 *
 * The machine is shared, so besides wall times it prints CPU milliseconds per call
 * ("process + PostgreSQL server"), which do not depend on what else is running, and
 * the load average around the measurements. Progress is timed twice: on freshly
 * vacuumed data, and again right after the grading burst has rewritten thousands of
 * the user's rows (the worst case for its index-only scan until autovacuum runs).
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';

import { createDb } from '@lumen/db';
import type { Db } from '@lumen/db';
import { openScratchPostgres } from '@lumen/db/testing';
import { createProgress, createReviews } from '@lumen/domain';
import type { Actor } from '@lumen/domain';

const NOW = new Date('2025-06-01T12:00:00.000Z');
const COURSES = 5;
const OTHER_USERS = 99;
const RUNS = 50;
const GRADERS = 16;
const GRADE_SECONDS = 5;

interface Scale {
  total: number;
  mine: number;
}

interface Row {
  db: string;
  cards: string;
  seedSeconds: number;
  /** 1-minute load average when the measurements started and ended. */
  load: [number, number];
  listDue: Timing;
  progress: Timing;
  progressAfterGrading: Timing;
  vacuumAfterGrading: number;
  progressAfterVacuum: Timing;
  vacuumIdle: number;
  gradesPerSecond: number;
  gradeCpu: string;
  conflicts: number;
}

const args = new Set(process.argv.slice(2));
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];

async function seed(db: Db, scale: Scale): Promise<Actor> {
  const sql = (text: string) => db.prisma.$executeRawUnsafe(text);
  await sql(`SELECT setseed(0.42)`);
  await sql(`INSERT INTO users (email, display_name, role)
             SELECT 'bench' || g || '@bench.test', 'Bench ' || g, 'learner' FROM generate_series(0, ${OTHER_USERS}) g`);
  await sql(`INSERT INTO courses (slug, title, summary, owner_id, status, search_text, created_at)
             SELECT 'bench-' || g, 'Bench course ' || g, 'Benchmark', (SELECT id FROM users WHERE email = 'bench0@bench.test'),
                    'published', 'bench course ' || g, now() - g * interval '1 day'
               FROM generate_series(1, ${COURSES}) g`);
  await sql(`INSERT INTO modules (course_id, position, title) SELECT id, 1, 'Module' FROM courses`);
  await sql(`INSERT INTO lessons (course_id, module_id, position, slug, title, estimated_minutes)
             SELECT m.course_id, m.id, g, 'lesson-' || g, 'Lesson ' || g, 5 + g % 10
               FROM modules m CROSS JOIN generate_series(1, 20) g`);
  await sql(
    `INSERT INTO enrollments (user_id, course_id) SELECT u.id, c.id FROM users u CROSS JOIN courses c`,
  );
  await sql(`INSERT INTO lesson_completions (user_id, lesson_id, course_id)
             SELECT u.id, l.id, l.course_id FROM users u JOIN lessons l ON l.position <= 7`);
  await sql(cardsInsert(scale));
  // VACUUM, not just ANALYZE: it sets the visibility map that index-only scans need,
  // as autovacuum does on a live PostgreSQL soon after a bulk insert (PostgreSQL 13+
  // vacuums insert-only tables too). PGlite has no autovacuum: see the report.
  await sql(`VACUUM ANALYZE`);
  const me = await db.prisma.user.findUniqueOrThrow({ where: { email: 'bench0@bench.test' } });
  return { userId: me.id, role: 'learner' };
}

/**
 * One INSERT ... SELECT generate_series. Card g belongs to the benchmark user for
 * g <= mine, else to one of the other users; 20% new, 5% learning, 65% review, 10%
 * relearning; reviewed cards have a stability of 0.5-150 days and were last reviewed
 * between 0 and 1.5 stabilities ago, so about a third of them are overdue.
 */
function cardsInsert(scale: Scale): string {
  const now = `'${NOW.toISOString()}'::timestamptz`;
  return `
    WITH ids AS (
      SELECT (SELECT array_agg(id ORDER BY email) FROM users) AS users,
             (SELECT array_agg(id ORDER BY slug) FROM courses) AS courses
    ), raw AS (
      SELECT g,
             CASE WHEN g <= ${scale.mine} THEN 1 ELSE 2 + g % ${OTHER_USERS} END AS u,
             1 + (g / 20) % ${COURSES} AS c,
             CASE WHEN g % 20 < 4 THEN 0 WHEN g % 20 = 4 THEN 1 WHEN g % 20 < 7 THEN 3 ELSE 2 END AS state,
             0.5 + random() * 150 AS s,
             random() AS r
        FROM generate_series(1, ${scale.total}) g
    )
    INSERT INTO review_cards (user_id, course_id, prompt, answer, due, stability, difficulty, elapsed_days,
                              scheduled_days, learning_steps, reps, lapses, state, last_review, version)
    SELECT ids.users[u], ids.courses[c], 'Prompt ' || g, 'Answer ' || g,
           CASE WHEN state = 0 THEN ${now} - r * interval '30 days'
                ELSE ${now} - r * s * 1.5 * interval '1 day' + s * interval '1 day' END,
           CASE WHEN state = 0 THEN 0 ELSE s END,
           CASE WHEN state = 0 THEN 0 ELSE 1 + r * 9 END,
           0, CASE WHEN state = 0 THEN 0 ELSE round(s)::int END, 0,
           CASE WHEN state = 0 THEN 0 ELSE 1 + g % 12 END,
           CASE WHEN state = 3 THEN 1 + g % 3 ELSE 0 END,
           state,
           CASE WHEN state = 0 THEN NULL ELSE ${now} - r * s * 1.5 * interval '1 day' END,
           CASE WHEN state = 0 THEN 0 ELSE 1 + g % 12 END
      FROM raw, ids`;
}

/**
 * CPU time actually spent, which unlike wall time does not depend on what else the
 * (shared) machine is doing: this process's, plus, on a local PostgreSQL, that of
 * every server backend connected to the benchmark database (read from /proc).
 * PGlite runs inside this process, so its work is in the process figure.
 */
interface CpuSample {
  nodeMs: number;
  serverMs: number | null;
}

async function sampleCpu(db: Db): Promise<CpuSample> {
  const usage = process.cpuUsage();
  const nodeMs = (usage.user + usage.system) / 1000;
  if (db.kind !== 'postgres') return { nodeMs, serverMs: null };
  const backends = await db.sql<{
    pid: number;
  }>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`;
  let ticks = 0;
  try {
    for (const { pid } of backends) {
      // /proc/<pid>/stat: fields 14 and 15 (1-based) are utime and stime in clock ticks (1/100 s).
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
        .replace(/^.*\) /, '')
        .split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    }
  } catch {
    return { nodeMs, serverMs: null };
  }
  return { nodeMs, serverMs: ticks * 10 };
}

function cpuPer(before: CpuSample, after: CpuSample, count: number): string {
  const node = (after.nodeMs - before.nodeMs) / count;
  if (before.serverMs === null || after.serverMs === null) return `${node.toFixed(2)}`;
  return `${node.toFixed(2)} + ${((after.serverMs - before.serverMs) / count).toFixed(2)}`;
}

interface Timing {
  median: number;
  p95: number;
  /** CPU ms per call: this process + PostgreSQL backends. */
  cpu: string;
}

/** Wall milliseconds of one call. */
async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function timeRuns(db: Db, fn: () => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < 3; i++) await fn();
  const times: number[] = [];
  const before = await sampleCpu(db);
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  const cpu = cpuPer(before, await sampleCpu(db), RUNS);
  times.sort((a, b) => a - b);
  const pick = (q: number) =>
    times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? Number.NaN;
  return { median: pick(0.5), p95: pick(0.95), cpu };
}

async function gradeThroughput(
  db: Db,
  me: Actor,
): Promise<{ perSecond: number; conflicts: number; cpu: string }> {
  const reviews = createReviews({ db });
  const ids = (
    await db.prisma.reviewCard.findMany({
      where: { userId: me.userId },
      select: { id: true },
      take: 40_000,
    })
  ).map((c) => c.id);
  let done = 0;
  let conflicts = 0;
  const before = await sampleCpu(db);
  const start = performance.now();
  const deadline = start + GRADE_SECONDS * 1000;
  const worker = async (w: number) => {
    for (let i = w; i < ids.length && performance.now() < deadline; i += GRADERS) {
      try {
        await reviews.grade(me, { cardId: ids[i] as string, rating: 1 + (i % 4) }, NOW);
        done++;
      } catch (error) {
        if ((error as { code?: string }).code !== 'mcp.review.conflict') throw error;
        conflicts++;
      }
    }
  };
  await Promise.all(Array.from({ length: GRADERS }, (_, w) => worker(w)));
  const perSecond = done / ((performance.now() - start) / 1000);
  return {
    perSecond,
    conflicts,
    cpu: cpuPer(before, await sampleCpu(db), Math.max(1, done + conflicts)),
  };
}

/**
 * The plans of progress's two card aggregates (progress-rows.ts) and of the due queue,
 * with the forgetting curve's constants rounded (they do not change the plan).
 */
async function explain(db: Db, me: Actor): Promise<void> {
  const at = NOW.toISOString();
  const plans = [
    await db.sql<{ 'QUERY PLAN': string }>`
      EXPLAIN (ANALYZE, BUFFERS)
      SELECT course_id,
             avg(power(1 + 0.2 * CASE WHEN review_day >= 20240 THEN 0
                                      WHEN review_ms_of_day > 43200000 THEN 20239 - review_day
                                      ELSE 20240 - review_day END / stability, -0.2)),
             count(*) FILTER (WHERE due <= ${at}::timestamptz), max(last_review)
        FROM review_cards
       WHERE user_id = ${me.userId}::uuid AND state <> 0 AND stability > 0 AND last_review IS NOT NULL
       GROUP BY course_id`,
    await db.sql<{ 'QUERY PLAN': string }>`
      EXPLAIN (ANALYZE, BUFFERS)
      SELECT course_id, count(*) FILTER (WHERE due <= ${at}::timestamptz), count(*) FILTER (WHERE state = 0),
             max(last_review)
        FROM review_cards
       WHERE user_id = ${me.userId}::uuid AND NOT (state <> 0 AND stability > 0 AND last_review IS NOT NULL)
       GROUP BY course_id`,
    await db.sql<{ 'QUERY PLAN': string }>`
      EXPLAIN (ANALYZE, BUFFERS)
      SELECT id, due FROM review_cards
       WHERE user_id = ${me.userId}::uuid AND due <= ${at}::timestamptz ORDER BY due, id LIMIT 20`,
  ];
  for (const plan of plans) console.log(plan.map((p) => p['QUERY PLAN']).join('\n'), '\n');
}

/**
 * Progress's reviewed-cards aggregate taken apart: the index-only scan counting rows,
 * the same with the mean retrievability, and the whole aggregate (progress-rows.ts).
 */
async function breakdown(db: Db, me: Actor): Promise<void> {
  const at = NOW.toISOString();
  const day = 20240; // NOW's UTC day number; NOW is at noon (43,200,000 ms into it)
  const slice = (userId: string) => db.sql`
    SELECT course_id, count(*) FROM review_cards
     WHERE user_id = ${userId}::uuid AND state <> 0 AND stability > 0 AND last_review IS NOT NULL
     GROUP BY course_id`;
  const mastery = (userId: string) => db.sql`
    SELECT course_id, avg(power(1 + 0.9803::float8 * CASE WHEN review_day >= ${day}::int THEN 0
                                   WHEN review_ms_of_day > 43200000 THEN ${day}::int - 1 - review_day
                                   ELSE ${day}::int - review_day END / stability, -0.1542::float8))
      FROM review_cards
     WHERE user_id = ${userId}::uuid AND state <> 0 AND stability > 0 AND last_review IS NOT NULL
     GROUP BY course_id`;
  const whole = (userId: string) => db.sql`
    SELECT course_id, avg(power(1 + 0.9803::float8 * CASE WHEN review_day >= ${day}::int THEN 0
                                   WHEN review_ms_of_day > 43200000 THEN ${day}::int - 1 - review_day
                                   ELSE ${day}::int - review_day END / stability, -0.1542::float8)),
           count(*) FILTER (WHERE due <= ${at}::timestamptz), max(last_review)
      FROM review_cards
     WHERE user_id = ${userId}::uuid AND state <> 0 AND stability > 0 AND last_review IS NOT NULL
     GROUP BY course_id`;
  const progress = createProgress({ db });
  const parts: Record<string, () => Promise<unknown>> = {
    'reviewed slice: index-only scan, count(*)': () => slice(me.userId),
    'reviewed slice: + mean retrievability': () => mastery(me.userId),
    'reviewed slice: whole aggregate': () => whole(me.userId),
    'list_my_progress statement': () => progress.listMyProgress(me, NOW),
  };
  for (const [part, fn] of Object.entries(parts)) {
    const t = await timeRuns(db, fn);
    console.log(`${part.padEnd(44)} median ${t.median.toFixed(1)} ms  p95 ${t.p95.toFixed(1)} ms`);
  }
}

async function run(name: string, db: Db, scale: Scale): Promise<Row> {
  const seedStart = performance.now();
  const me = await seed(db, scale);
  const seedSeconds = (performance.now() - seedStart) / 1000;
  console.error(`${name}: seeded ${scale.total} cards in ${seedSeconds.toFixed(1)} s`);
  if (args.has('--explain')) await explain(db, me);
  if (args.has('--breakdown')) await breakdown(db, me);
  const loadBefore = loadavg()[0] ?? 0;
  const reviews = createReviews({ db });
  const progress = createProgress({ db });
  const due = await reviews.listDue(me, { limit: 20 }, NOW);
  if (due.length !== 20) throw new Error(`expected 20 due cards, got ${due.length}`);
  const listDue = await timeRuns(db, () => reviews.listDue(me, { limit: 20 }, NOW));
  const prog = await timeRuns(db, () => progress.listMyProgress(me, NOW));
  const grades = await gradeThroughput(db, me);
  // Grading rewrote thousands of this user's rows, clearing the visibility-map bits
  // the index-only scan relies on until (auto)vacuum runs again: the worst case.
  const progressAfterGrading = await timeRuns(db, () => progress.listMyProgress(me, NOW));
  // What the embedded database's maintenance (VACUUM review_cards, which PostgreSQL's
  // autovacuum would do on its own) costs and gives back: its pause after the burst,
  // the statement after it, and its pause again with nothing changed since.
  const vacuum = () => timed(() => db.prisma.$executeRawUnsafe(`VACUUM review_cards`));
  const vacuumAfterGrading = await vacuum();
  const progressAfterVacuum = await timeRuns(db, () => progress.listMyProgress(me, NOW));
  const vacuumIdle = await vacuum();
  return {
    db: name,
    cards: `${scale.total.toLocaleString('en')} / ${scale.mine.toLocaleString('en')}`,
    seedSeconds,
    load: [loadBefore, loadavg()[0] ?? 0],
    listDue,
    progress: prog,
    progressAfterGrading,
    vacuumAfterGrading,
    progressAfterVacuum,
    vacuumIdle,
    gradesPerSecond: grades.perSecond,
    gradeCpu: grades.cpu,
    conflicts: grades.conflicts,
  };
}

/** One column per database, one row per figure; CPU is "process + server" ms per call. */
function printTable(rows: Row[]): void {
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  const figures: Record<string, (r: Row) => string | number> = {
    'cards total / user': (r) => r.cards,
    'seed (s)': (r) => r.seedSeconds.toFixed(1),
    'listDue(20) median': (r) => ms(r.listDue.median),
    'listDue p95': (r) => ms(r.listDue.p95),
    'listDue CPU ms/call': (r) => r.listDue.cpu,
    'progress median': (r) => ms(r.progress.median),
    'progress p95': (r) => ms(r.progress.p95),
    'progress CPU ms/call': (r) => r.progress.cpu,
    'progress median, after grading': (r) => ms(r.progressAfterGrading.median),
    'progress CPU after grading': (r) => r.progressAfterGrading.cpu,
    'VACUUM review_cards after grading': (r) => ms(r.vacuumAfterGrading),
    'progress median, after VACUUM': (r) => ms(r.progressAfterVacuum.median),
    'progress CPU after VACUUM': (r) => r.progressAfterVacuum.cpu,
    'VACUUM review_cards, nothing changed': (r) => ms(r.vacuumIdle),
    [`grades/s (${GRADERS} callers)`]: (r) => r.gradesPerSecond.toFixed(0),
    'grade CPU ms/grade': (r) => r.gradeCpu,
    conflicts: (r) => r.conflicts,
    'load 1m (start → end)': (r) => `${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)}`,
  };
  const table = Object.fromEntries(
    Object.entries(figures).map(([name, get]) => [
      name,
      Object.fromEntries(rows.map((r) => [r.db, get(r)])),
    ]),
  );
  console.table(table);
  // Figures on a shared machine mean little without its load.
  console.log(
    `load average (1/5/15 min): ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' / ')}`,
  );
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  if (!args.has('--skip-postgres')) {
    const url =
      process.env['BENCH_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
    const db = await openScratchPostgres(url);
    try {
      rows.push(await run('PostgreSQL', db, { total: 1_000_000, mine: 100_000 }));
    } finally {
      // --keep leaves the scratch database behind for EXPLAIN sessions (psql).
      if (args.has('--keep')) console.error(`kept ${db.location}`);
      else await db.close();
    }
  }
  if (!args.has('--skip-pglite')) {
    const total = Number(arg('pglite-total') ?? 1_000_000);
    const db = await createDb({ memory: true });
    try {
      rows.push(await run('PGlite (memory)', db, { total, mine: Math.round(total / 10) }));
    } finally {
      await db.close();
    }
  }
  printTable(rows);
}

await main();
process.exit(0);
