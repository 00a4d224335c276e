/**
 * Load on two replicas: two `apps/mcp-http/dist/main.js` PROCESSES on one PostgreSQL,
 * and N concurrent MCP SDK clients (StreamableHTTPClientTransport with a bearer token,
 * alternating between the replicas) mixing every read tool, grading and the tutor
 * under the noop model, priced so each tutor call costs something and the 24 h budget
 * runs out during the run. Afterwards it proves, from the database:
 *   - zero transport failures (tool-level errors are counted separately by code),
 *   - every successful grade in review_logs exactly once, in order,
 *   - the per-user 24 h budget held across both processes.
 *
 *   node tools/run-ts.mjs bench/load-two-replicas.ts [--duration=60] [--clients=64] [--learners=8] [--budget=0.1]
 *
 * PostgreSQL comes from BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres);
 * a scratch database is created and dropped. Exit code 1 when a check fails.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

import { createClientRegistry } from '@lumen/auth';
import { createDb } from '@lumen/db';
import type { Db } from '@lumen/db';
import { createScratchPostgres } from '@lumen/db/testing';
import { createEnrollments, seedDemoData } from '@lumen/domain';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

import { checkBudget, checkGrades } from './load-checks.js';
import type { GradeRecord, TutorRecord } from './load-checks.js';
import { summarise } from './load-stats.js';
import type { CallRecord } from './load-stats.js';
import { startReplica } from './replica-process.js';
import type { Replica } from './replica-process.js';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const DURATION_S = Number(arg('duration') ?? 60);
const CLIENTS = Number(arg('clients') ?? 64);
const LEARNERS = Number(arg('learners') ?? 8);
const BUDGET_USD = Number(arg('budget') ?? 0.1);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const JWT_SECRET = 'bench-two-replicas-jwt-secret-0123456789abcdef';
const CHEAP_ARGON2 = { memoryKiB: 256, iterations: 1, parallelism: 1 };
const COURSES = ['how-cells-make-energy', 'database-indexing-in-postgresql'];
const QUESTIONS: Record<string, string[]> = {
  'how-cells-make-energy': [
    'What does ATP synthase do?',
    'Where does glycolysis happen?',
    'What is fermentation for?',
  ],
  'database-indexing-in-postgresql': [
    'When does a B-tree index help?',
    'What is a partial index?',
    'Why is my query slow?',
  ],
};
/**
 * LLM_MODEL names the noop provider's model; a name outside the price table is metered
 * at the fallback price ($5 in / $15 out per million tokens, libs/domain/src/llm/prices.ts),
 * and the tutor reserves at most 800 output tokens (TUTOR_MAX_TOKENS).
 */
const PRICED_MODEL = 'bench-priced-noop';
const PRICE = { in: 5, out: 15 };
const TUTOR_MAX_TOKENS = 800;

interface Learner {
  userId: string;
  cards: string[];
}

interface BenchClient {
  index: number;
  learner: Learner;
  client: Client;
  cards: string[];
}

async function seed(db: Db): Promise<Learner[]> {
  await seedDemoData(db, new Date());
  const enrollments = createEnrollments({ db });
  const learners: Learner[] = [];
  for (let i = 0; i < LEARNERS; i += 1) {
    const user = await db.prisma.user.create({
      data: { email: `load-${i}@bench.test`, displayName: `Load learner ${i}`, role: 'learner' },
    });
    for (const slug of COURSES)
      await enrollments.enroll({ userId: user.id, role: 'learner' }, slug, new Date());
    const cards = await db.prisma.reviewCard.findMany({
      where: { userId: user.id },
      select: { id: true },
      orderBy: { id: 'asc' },
    });
    learners.push({ userId: user.id, cards: cards.map((c) => c.id) });
  }
  return learners;
}

async function token(baseUrl: string, clientId: string, clientSecret: string): Promise<string> {
  const res = await fetch(`${baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    }).toString(),
  });
  if (res.status !== 200) throw new Error(`token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Mints one client per bench client and connects it, alternating replicas; each owns a slice of its learner's cards. */
async function connectClients(
  db: Db,
  learners: Learner[],
  replicas: Replica[],
): Promise<BenchClient[]> {
  const registry = createClientRegistry({ db, hashParams: CHEAP_ARGON2 });
  const out: BenchClient[] = [];
  for (let i = 0; i < CLIENTS; i += 1) {
    const learner = learners[i % LEARNERS]!;
    const slot = Math.floor(i / LEARNERS);
    const perLearner = Math.ceil(CLIENTS / LEARNERS);
    const user = await db.prisma.user.findUniqueOrThrow({ where: { id: learner.userId } });
    const minted = await registry.mint({ ownerEmail: user.email, name: `load ${i}`, scopes: '*' });
    const replica = replicas[i % replicas.length]!;
    const bearer = await token(replica.baseUrl, minted.clientId, minted.clientSecret);
    const transport = new StreamableHTTPClientTransport(new URL(replica.mcpUrl), {
      requestInit: { headers: { authorization: `Bearer ${bearer}` } },
    });
    const client = new Client({ name: `load-${i}`, version: '1.0.0' });
    await client.connect(transport);
    out.push({
      index: i,
      learner,
      client,
      cards: learner.cards.filter((_, j) => j % perLearner === slot),
    });
  }
  return out;
}

const MIX: Array<[string, number]> = [
  ['list_courses', 12],
  ['get_course', 10],
  ['search_lesson_content', 14],
  ['list_my_due_reviews', 10],
  ['list_my_progress', 10],
  ['grade_review_card', 26],
  ['ask_tutor', 18],
];
const TOTAL_WEIGHT = MIX.reduce((n, [, w]) => n + w, 0);

function pickTool(r: number): string {
  let acc = r * TOTAL_WEIGHT;
  for (const [tool, weight] of MIX) if ((acc -= weight) < 0) return tool;
  return MIX[0]![0];
}

function argsFor(tool: string, c: BenchClient, n: number): Record<string, unknown> {
  const course = COURSES[n % COURSES.length]!;
  switch (tool) {
    case 'list_courses':
      return n % 2 ? { filter: 'cells' } : { limit: 10 };
    case 'get_course':
    case 'search_lesson_content':
      return tool === 'get_course'
        ? { slug: course }
        : { course_slug: course, query: QUESTIONS[course]![n % 3]!, top_k: 5 };
    case 'ask_tutor':
      return { course_slug: course, question: QUESTIONS[course]![n % 3]! };
    case 'list_my_due_reviews':
      return { limit: 20 };
    case 'grade_review_card':
      return { card_id: c.cards[n % c.cards.length]!, rating: 1 + (n % 4) };
    default:
      return {};
  }
}

interface RunState {
  records: CallRecord[];
  graded: Map<string, GradeRecord[]>;
  tutor: TutorRecord[];
  transportErrors: string[];
}

async function runClient(c: BenchClient, deadline: number, state: RunState): Promise<void> {
  let n = c.index * 7919;
  while (Date.now() < deadline) {
    n += 1;
    const tool = pickTool(((n * 2654435761) % 4294967296) / 4294967296);
    if (tool === 'grade_review_card' && c.cards.length === 0) continue;
    const args = argsFor(tool, c, n);
    const startedAt = Date.now();
    const t0 = performance.now();
    let outcome: string;
    try {
      const result = await c.client.callTool({ name: tool, arguments: args });
      const text = (result.content as Array<{ text?: string }>)[0]?.text ?? '';
      outcome = result.isError ? text.split(':')[0]! : 'ok';
      if (tool === 'grade_review_card' && !result.isError) {
        const s = result.structuredContent as {
          due: string;
          state: string;
          reps: number;
          rating: number;
        };
        const list = state.graded.get(args['card_id'] as string) ?? [];
        list.push({ rating: s.rating, due: s.due, state: s.state, reps: s.reps });
        state.graded.set(args['card_id'] as string, list);
      }
    } catch (error) {
      outcome = 'transport';
      state.transportErrors.push(`${tool}: ${(error as Error).message.slice(0, 200)}`);
    }
    const ms = performance.now() - t0;
    state.records.push({ tool, ms, outcome });
    if (tool === 'ask_tutor')
      state.tutor.push({ userId: c.learner.userId, startedAt, endedAt: Date.now(), outcome });
  }
}

function build(): void {
  const built = spawnSync(process.execPath, [`${ROOT}tools/build-app.mjs`, 'apps/mcp-http'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
}

async function main(): Promise<void> {
  build();
  const adminUrl =
    process.env['BENCH_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const scratch = await createScratchPostgres(adminUrl);
  const db = await createDb({ url: scratch.url, poolSize: 4 });
  const replicas: Replica[] = [];
  let clients: BenchClient[] = [];
  try {
    const learners = await seed(db);
    const env = {
      DATABASE_URL: scratch.url,
      JWT_SECRET,
      LLM_PROVIDER: 'noop',
      LLM_MODEL: PRICED_MODEL,
      LLM_USER_BUDGET_24H_USD: String(BUDGET_USD),
      FSRS_ENABLE_FUZZ: 'false',
      LUMEN_LOG_LEVEL: 'warn',
    };
    replicas.push(
      await startReplica(ROOT, 'load-replica-a', env),
      await startReplica(ROOT, 'load-replica-b', env),
    );
    clients = await connectClients(db, learners, replicas);
    console.log(
      `${CLIENTS} clients (${LEARNERS} learners) on 2 replicas for ${DURATION_S} s, budget $${BUDGET_USD}/user/24h`,
    );

    const state: RunState = { records: [], graded: new Map(), tutor: [], transportErrors: [] };
    const started = performance.now();
    const deadline = Date.now() + DURATION_S * 1000;
    await Promise.all(clients.map((c) => runClient(c, deadline, state)));
    const seconds = (performance.now() - started) / 1000;
    // A shared machine: the load average says how much of it the run really had.
    console.log(
      `ran ${seconds.toFixed(1)} s; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );

    console.table(summarise(state.records, seconds));
    const problems: string[] = [];
    if (state.transportErrors.length > 0)
      problems.push(
        `${state.transportErrors.length} transport failures, e.g. ${state.transportErrors.slice(0, 3).join(' | ')}`,
      );
    const unexpected = state.records.filter(
      (r) => !['ok', 'transport', 'mcp.budget.exceeded'].includes(r.outcome),
    );
    if (unexpected.length > 0)
      problems.push(
        `${unexpected.length} unexpected tool errors: ${[...new Set(unexpected.map((r) => r.outcome))].join(', ')}`,
      );

    const gradeProblems = await checkGrades(db, state.graded);
    const grades = [...state.graded.values()].reduce((n, l) => n + l.length, 0);
    console.log(
      `grades: ${grades} successful on ${state.graded.size} cards; review_logs mismatches: ${gradeProblems.length}`,
    );
    problems.push(...gradeProblems.slice(0, 10));

    const maxTokensIn =
      (await db.prisma.llmCallLog.aggregate({ _max: { tokensIn: true } }))._max.tokensIn ?? 0;
    const maxReservation = (maxTokensIn * PRICE.in + TUTOR_MAX_TOKENS * PRICE.out) / 1_000_000;
    const budget = await checkBudget(db, BUDGET_USD, maxReservation, state.tutor);
    console.log(`budget (largest single reservation $${maxReservation.toFixed(6)}):`);
    for (const line of budget.lines) console.log(line);
    problems.push(...budget.problems);

    console.log(
      problems.length === 0 ? 'ALL CHECKS PASSED' : `FAILED:\n  ${problems.join('\n  ')}`,
    );
    process.exitCode = problems.length === 0 ? 0 : 1;
  } finally {
    await Promise.all(clients.map((c) => c.client.close().catch(() => undefined)));
    await Promise.all(replicas.map((r) => r.stop()));
    await db.close();
    await scratch.drop();
  }
}

await main();
