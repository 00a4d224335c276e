/**
 * Streamable HTTP throughput: requests/s, p50/p99 latency and errors under 32
 * concurrent keep-alive connections, all in one run on real PostgreSQL, for
 *   - every Lumen tool through `tools/call` with learner tokens, each call's arguments
 *     different from every other call's (other learners, courses, queries, limits,
 *     filters, cursors, cards), so no cache answers; `list_courses` also repeated
 *     unchanged (served from the catalog cache) beside its uncached run;
 *   - the MCP SDK's stateless pattern (new McpServer + transport per request) with one
 *     trivial tool: the yardstick every ratio is taken against;
 *   - the floor: Hono reading the body and one prepared query, nothing else.
 * After grading, every successful grade is looked up in `review_logs` (exactly once).
 * Every server runs in its own process so the load generator does not share its event loop.
 *
 *   node tools/run-ts.mjs bench/mcp-http-throughput.ts [--duration=5] [--connections=32]
 *     [--only=floor,sdk-1,cached,list,get,search,due,progress,grade,tutor,draft,sdk-9,bare]
 *     [--cpu-prof=DIR]   (writes a V8 CPU profile of the Lumen server process into DIR)
 *     [--baseline=DIR]   (also measures the Lumen tools on DIR/apps/mcp-http/dist/main.js, another
 *                         checkout's build, in the same run: rows marked "before")
 *     [--socket=DIR]     (also measures this build connected to PostgreSQL through the Unix
 *                         socket in DIR, e.g. /var/run/postgresql: rows marked "unix socket")
 *     [--pg-options='-c name=value'] (also measures this build with these session settings:
 *                         rows marked "pg options")
 * With several servers, each target runs on every server in turn before the next target.
 *
 * PostgreSQL comes from BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres);
 * a scratch database is created, seeded (see throughput-fixture.ts) and dropped.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

import type { Db } from '@lumen/db';
import { openScratchPostgres } from '@lumen/db/testing';
import autocannon from 'autocannon';

import { serveReference } from './sdk-stateless-server.js';
import type { ReferenceKind } from './sdk-stateless-server.js';
import { gradeCall, seedFixture, TOOL_CALLS } from './throughput-fixture.js';
import type { BenchClient, Fixture } from './throughput-fixture.js';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const DURATION = Number(arg('duration') ?? 5);
const WARMUP = 2;
const CONNECTIONS = Number(arg('connections') ?? 32);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const JWT_SECRET = 'bench-jwt-secret-0123456789-abcdefghij';
const DEFAULT_KINDS = [
  'floor',
  'sdk-1',
  'cached',
  'list',
  'get',
  'search',
  'due',
  'progress',
  'grade',
  'tutor',
];

interface Target {
  name: string;
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Headers and body of request number `n` (overrides `headers`/`body` under load). */
  request?: (n: number) => { headers: Record<string, string>; body: string };
  /** Sees every answer's JSON-RPC id (the `n` of its request) and body. */
  onAnswer?: (n: number, status: number, body: string) => void;
}

interface Row {
  /** The `--only` name of the target. */
  kind: string;
  target: string;
  rps: number;
  p50: number;
  p99: number;
  /** Non-2xx answers, socket errors and tool results with isError. */
  errors: number;
  /** Server process CPU time (user + system) per request: steadier than req/s on a shared machine. */
  cpuUsPerReq: number;
  /** CPU time of the PostgreSQL backends serving the bench database, per request. */
  pgUsPerReq: number;
}

/** utime + stime of a process in microseconds, from /proc (Linux); 0 once it is gone. */
function cpuMicros(pid: number): number {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return 0;
  }
  const fields = stat.split(') ')[1]!.split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1_000_000) / 100; // USER_HZ is 100 on Linux
}

/** CPU of every backend connected to the bench database (a local server only). */
async function pgCpuMicros(db: Db): Promise<number> {
  const backends = await db.sql<{ pid: number }>`
    SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`;
  return backends.reduce((sum, b) => sum + cpuMicros(b.pid), 0);
}

const MCP_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  'mcp-protocol-version': '2025-06-18',
};

const callBody = (name: string, args: Record<string, unknown>, id = 1) =>
  JSON.stringify({
    jsonrpc: '2.0',
    id,
    method: 'tools/call',
    params: { name, arguments: args },
  });

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: server exited with ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up within ${timeoutMs} ms`);
}

function spawnServer(args: string[], env: Record<string, string>, log: string): ChildProcess {
  mkdirSync(`${ROOT}tmp`, { recursive: true });
  const out = openSync(`${ROOT}tmp/${log}.log`, 'w');
  return spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', out, out],
  });
}

/** Counts answers that are not a successful 200 (HTTP errors and isError tool results). */
function answerCounter(target: Target) {
  let failed = 0;
  const onResponse = (status: number, body: string) => {
    if (status !== 200 || body.includes('"isError":true') || body.includes('"error":{'))
      failed += 1;
    if (target.onAnswer) {
      const id = /"id":(\d+)/.exec(body.slice(-40))?.[1] ?? /"id":(\d+)/.exec(body)?.[1];
      if (id !== undefined) target.onAnswer(Number(id), status, body);
    }
  };
  return { onResponse, failed: () => failed };
}

async function load(
  kind: string,
  target: Target,
  pid: number,
  next: () => number,
  db: Db,
): Promise<Row> {
  const counter = answerCounter(target);
  const options = {
    url: target.url,
    method: target.method,
    headers: target.headers,
    connections: CONNECTIONS,
    ...(target.body ? { body: target.body } : {}),
    requests: [
      {
        ...(target.request
          ? {
              setupRequest: (request: { headers?: Record<string, string> }) => {
                const { headers, body } = target.request!(next());
                return { ...request, headers: { ...request.headers, ...headers }, body };
              },
            }
          : {}),
        onResponse: counter.onResponse,
      },
    ],
  };
  await autocannon({ ...options, duration: WARMUP }); // warm-up: JIT, pools, caches
  const failedBefore = counter.failed();
  const cpuBefore = cpuMicros(pid);
  const pgBefore = await pgCpuMicros(db);
  const r = await autocannon({ ...options, duration: DURATION });
  const cpu = cpuMicros(pid) - cpuBefore;
  const pgCpu = (await pgCpuMicros(db)) - pgBefore;
  return {
    kind,
    target: target.name,
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: counter.failed() - failedBefore + r.errors + r.timeouts,
    cpuUsPerReq: Math.round(cpu / Math.max(1, r.requests.total)),
    pgUsPerReq: Math.round(pgCpu / Math.max(1, r.requests.total)),
  };
}

/** One sample request, so a misconfigured target fails loudly instead of benchmarking errors. */
async function check(target: Target, n: number): Promise<void> {
  const sample = target.request?.(n);
  const res = await fetch(target.url, {
    method: target.method,
    headers: { ...target.headers, ...sample?.headers },
    ...(sample ? { body: sample.body } : target.body ? { body: target.body } : {}),
  });
  const text = await res.text();
  target.onAnswer?.(n, res.status, text);
  if (res.status !== 200 || text.includes('"isError":true') || text.includes('"error":{'))
    throw new Error(`${target.name}: unexpected answer ${res.status} ${text.slice(0, 300)}`);
}

interface LumenServer {
  child: ChildProcess;
  base: string;
  tokens: string[];
  instructorToken: string;
}

async function startLumen(
  databaseUrl: string,
  fixture: Fixture,
  main = 'apps/mcp-http/dist/main.js',
): Promise<LumenServer> {
  const port = await freePort();
  const profile = arg('cpu-prof') ? ['--cpu-prof', `--cpu-prof-dir=${arg('cpu-prof')}`] : [];
  const child = spawnServer(
    [...profile, main],
    {
      DATABASE_URL: databaseUrl,
      JWT_SECRET,
      PORT: String(port),
      HOST: '127.0.0.1',
      LLM_PROVIDER: 'noop',
    },
    'bench-lumen-http',
  );
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/healthz`, child);
  const token = async (client: BenchClient) => {
    const res = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: client.clientSecret,
      }),
    });
    const accessToken = ((await res.json()) as { access_token?: string }).access_token;
    if (!accessToken) throw new Error(`no access token for ${client.clientId}: ${res.status}`);
    return accessToken;
  };
  const tokens: string[] = [];
  for (const client of fixture.learners) tokens.push(await token(client));
  return { child, base, tokens, instructorToken: await token(fixture.instructor) };
}

/** The same database reached through the Unix socket in `dir` instead of TCP. */
function overSocket(url: string, dir: string): string {
  const u = new URL(url);
  u.hostname = 'localhost';
  u.port = '';
  u.searchParams.set('host', dir);
  return u.toString();
}

/** The same database with server settings for its sessions (`-c name=value ...`). */
function withPgOptions(url: string, options: string): string {
  const u = new URL(url);
  u.searchParams.set('options', options);
  return u.toString();
}

/** Per card id: grades sent, and grades answered with success. */
type GradeTally = Map<string, { sent: number; ok: number }>;

const tally = (grades: GradeTally, card: string) => {
  let entry = grades.get(card);
  if (!entry) grades.set(card, (entry = { sent: 0, ok: 0 }));
  return entry;
};

function lumenTarget(
  kind: string,
  server: LumenServer,
  fixture: Fixture,
  grades: GradeTally,
): Target {
  const url = `${server.base}/mcp`;
  const bearer = (token: string) => ({ ...MCP_HEADERS, authorization: `Bearer ${token}` });
  if (kind === 'cached')
    return {
      name: 'list_courses, same call (catalog cache)',
      url,
      method: 'POST',
      headers: bearer(server.tokens[0]!),
      body: callBody('list_courses', {}),
    };
  if (kind === 'draft')
    return {
      name: 'create_course_draft (noop model)',
      url,
      method: 'POST',
      headers: bearer(server.instructorToken),
      request: (n) => ({
        headers: {},
        body: callBody('create_course_draft', { brief: `A short course on topic ${n}.` }, n),
      }),
    };
  const spec = TOOL_CALLS[kind];
  if (!spec) throw new Error(`unknown target ${kind}`);
  const target: Target = {
    name: spec.name,
    url,
    method: 'POST',
    headers: MCP_HEADERS,
    request: (n) => {
      const call = spec.make(fixture, n);
      if (kind === 'grade') tally(grades, String(call.args['card_id'])).sent += 1;
      return {
        headers: { authorization: `Bearer ${server.tokens[call.learner]!}` },
        body: callBody(spec.tool, call.args, n),
      };
    },
  };
  if (kind === 'grade')
    target.onAnswer = (n, status, body) => {
      if (status !== 200 || body.includes('"isError":true')) return;
      tally(grades, String(gradeCall(fixture, n).args['card_id'])).ok += 1;
    };
  return target;
}

/**
 * Every successful grade must be in review_logs exactly once. Grades still in flight
 * when a load run stopped were never answered: each may or may not have been applied
 * (at most once); no other bench learner's card may have a log row.
 */
async function verifyGrades(db: Db, grades: GradeTally): Promise<string> {
  const logged = await db.sql<{ card_id: string; n: number }>`
    SELECT card_id::text AS card_id, count(*)::int AS n FROM review_logs
     WHERE card_id = ANY(${[...grades.keys()]}::uuid[]) GROUP BY card_id`;
  const inLogs = new Map(logged.map((r) => [r.card_id, r.n]));
  let ok = 0;
  let unanswered = 0;
  let appliedUnanswered = 0;
  let wrong = 0;
  for (const [card, { sent, ok: answered }] of grades) {
    const n = inLogs.get(card) ?? 0;
    ok += answered;
    unanswered += sent - answered;
    appliedUnanswered += n - answered;
    if (n < answered || n > sent) wrong += 1;
  }
  const [all] = await db.sql<{ n: number }>`
    SELECT count(*)::int AS n FROM review_logs l JOIN users u ON u.id = l.user_id
     WHERE u.email LIKE '%@bench.test'`;
  const stray = (all?.n ?? 0) - ok - appliedUnanswered;
  const verdict = wrong === 0 && stray === 0 ? 'OK' : 'MISMATCH';
  return (
    `grade_review_card ${verdict}: ${ok} successful grades, each in review_logs exactly once: ` +
    `${wrong === 0 ? 'yes' : `no (${wrong} cards differ)`}; ${unanswered} sent but in flight when a load run ` +
    `stopped (${appliedUnanswered} of them applied, at most once each); ${stray} stray log rows`
  );
}

async function referenceTarget(
  kind: ReferenceKind,
  databaseUrl: string,
): Promise<{ child: ChildProcess; target: Target }> {
  const port = await freePort();
  const child = spawnServer(
    [process.argv[1]!, `--serve=${kind}`, `--port=${port}`],
    kind === 'floor' ? { BENCH_FLOOR_DATABASE_URL: databaseUrl } : {},
    `bench-${kind}`,
  );
  const base = `http://127.0.0.1:${port}`;
  await waitFor(kind === 'bare' ? `${base}/json` : `${base}/mcp`, child);
  const names: Record<ReferenceKind, string> = {
    'sdk-1': 'SDK stateless pattern, 1 trivial tool',
    'sdk-9': 'SDK stateless pattern, 9 tools + output schemas',
    bare: 'bare Hono JSON route',
    floor: 'floor: Hono + body + 1 prepared query',
  };
  const target: Target =
    kind === 'bare'
      ? { name: names[kind], url: `${base}/json`, method: 'GET', headers: {} }
      : {
          name: names[kind],
          url: `${base}/mcp`,
          method: 'POST',
          headers: MCP_HEADERS,
          body: callBody('echo', { text: 'hi' }),
        };
  return { child, target };
}

async function measure(kind: string, target: Target, pid: number, db: Db): Promise<Row> {
  let n = 0;
  const next = () => n++;
  await check(target, next());
  return load(kind, target, pid, next, db);
}

function printTable(rows: Row[]): void {
  const sdk = rows.find((r) => r.kind === 'sdk-1');
  const pad = (s: string | number, n: number) => String(s).padStart(n);
  process.stdout.write(
    `\n${'target'.padEnd(44)}${pad('req/s', 8)}${pad('p50 ms', 8)}${pad('p99 ms', 8)}${pad('errors', 8)}${pad('x SDK', 7)}${pad('CPU µs/req', 12)}${pad('PG µs/req', 11)}\n`,
  );
  for (const r of rows)
    process.stdout.write(
      `${r.target.padEnd(44)}${pad(r.rps, 8)}${pad(r.p50, 8)}${pad(r.p99, 8)}${pad(r.errors, 8)}${pad(sdk ? (r.rps / sdk.rps).toFixed(2) : '-', 7)}${pad(r.cpuUsPerReq, 12)}${pad(r.pgUsPerReq, 11)}\n`,
    );
  if (sdk)
    process.stdout.write(
      '\nGoals: read tools uncached >= 2x SDK (search >= 1x), grading >= 1x, p99 < 50 ms, 0 errors.\n',
    );
}

async function main(): Promise<void> {
  const kinds = arg('only')?.split(',') ?? DEFAULT_KINDS;
  const build = spawnSync(process.execPath, ['tools/build-app.mjs', 'apps/mcp-http'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('building apps/mcp-http failed');
  const db = await openScratchPostgres(
    process.env['BENCH_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
  );
  const rows: Row[] = [];
  const notes: string[] = [];
  try {
    if (db.location.includes('*'))
      throw new Error('the bench database URL must not carry a password');
    const cardsPerLearner = Math.max(1_000, Math.ceil(((DURATION + WARMUP) * 1_500) / 32));
    const fixture = await seedFixture(db, cardsPerLearner);
    process.stdout.write(
      `node ${process.version}, ${CONNECTIONS} connections, ${DURATION} s each (+${WARMUP} s warm-up), ` +
        `${fixture.courseSlugs.length} published courses, ${fixture.learners.length} learners x ${cardsPerLearner} cards, ` +
        `load ${loadavg()[0]!.toFixed(2)}\n`,
    );
    for (const kind of ['floor', 'sdk-1', 'sdk-9', 'bare'] as const) {
      if (!kinds.includes(kind)) continue;
      const { child, target } = await referenceTarget(kind, db.location);
      try {
        rows.push(await measure(kind, target, child.pid!, db));
      } finally {
        child.kill('SIGTERM');
      }
    }
    const lumenKinds = kinds.filter((k) => !['floor', 'sdk-1', 'sdk-9', 'bare'].includes(k));
    // Drafts add courses: run them last so the other targets see one catalog.
    const ordered = [
      ...lumenKinds.filter((k) => k !== 'draft'),
      ...lumenKinds.filter((k) => k === 'draft'),
    ];
    // Every build (and the Unix-socket variant) is started up front and the targets are
    // interleaved — one tool on each server in turn — so a change in the machine's load
    // between the first and the last server does not read as a difference between them.
    const variants: Array<{ main: string; suffix: string; url: string }> = [
      ...(arg('baseline')
        ? [
            {
              main: `${arg('baseline')}/apps/mcp-http/dist/main.js`,
              suffix: ' (before)',
              url: db.location,
            },
          ]
        : []),
      { main: 'apps/mcp-http/dist/main.js', suffix: '', url: db.location },
      ...(process.argv.some((a) => a.startsWith('--pg-options='))
        ? [
            {
              main: 'apps/mcp-http/dist/main.js',
              suffix: ' (pg options)',
              url: withPgOptions(
                db.location,
                process.argv.find((a) => a.startsWith('--pg-options='))!.slice(13),
              ),
            },
          ]
        : []),
      ...(arg('socket')
        ? [
            {
              main: 'apps/mcp-http/dist/main.js',
              suffix: ' (unix socket)',
              url: overSocket(db.location, arg('socket')!),
            },
          ]
        : []),
    ];
    // One tally for every server: a card graded by both is in review_logs twice.
    const grades: GradeTally = new Map();
    const servers: Array<{ server: LumenServer; suffix: string }> = [];
    try {
      if (ordered.length > 0)
        for (const v of variants)
          servers.push({ server: await startLumen(v.url, fixture, v.main), suffix: v.suffix });
      for (const kind of ordered) {
        for (const { server, suffix } of servers) {
          const row = await measure(
            kind,
            lumenTarget(kind, server, fixture, grades),
            server.child.pid!,
            db,
          );
          rows.push({ ...row, target: `${row.target}${suffix}` });
        }
      }
    } finally {
      for (const { server } of servers) {
        server.child.kill('SIGTERM');
        await new Promise((resolve) => server.child.once('exit', resolve));
      }
    }
    if (lumenKinds.includes('grade')) notes.push(await verifyGrades(db, grades));
  } finally {
    await db.close();
  }
  printTable(rows);
  for (const note of notes) process.stdout.write(`${note}\n`);
}

const serve = arg('serve') as ReferenceKind | undefined;
if (serve) serveReference(serve, Number(arg('port')));
else await main();
