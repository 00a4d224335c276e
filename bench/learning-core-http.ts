/**
 * The learning-core tools over streamable HTTP on real PostgreSQL: requests/s and
 * p50/p99 latency under 32 keep-alive connections for list_my_progress,
 * list_my_due_reviews (a different limit on every call) and grade_review_card (a
 * different card on every call), beside the MCP SDK's stateless pattern with one
 * trivial tool, all in one run. None of the three tools has a cache, so every call
 * queries PostgreSQL.
 *
 *   node tools/run-ts.mjs bench/learning-core-http.ts [--duration=6] [--connections=32] [--cards=2000]
 *
 * The learner is the demo seed's learner@lumen.test with --cards extra review cards
 * (all due) in one enrolled course. After the grading run it checks that review_logs
 * holds exactly one row per successful grade and that every card's version equals its
 * number of logs. PostgreSQL comes from BENCH_DATABASE_URL (default
 * postgresql://postgres@127.0.0.1:5432/postgres); a scratch database is created and dropped.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

import { createClientRegistry } from '@lumen/auth';
import { openScratchPostgres } from '@lumen/db/testing';
import { seedDemoData } from '@lumen/domain';
import autocannon from 'autocannon';

import { freePort, startReplica } from './replica-process.js';
import { serveReference } from './sdk-stateless-server.js';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const DURATION = Number(arg('duration') ?? 6);
const CONNECTIONS = Number(arg('connections') ?? 32);
const CARDS = Number(arg('cards') ?? 2000);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  'mcp-protocol-version': '2025-06-18',
};

const call = (name: string, args: Record<string, unknown>) =>
  JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/call',
    params: { name, arguments: args },
  });

interface Row {
  target: string;
  rps: number;
  p50: number;
  p99: number;
  failed: number;
  cpuUsPerReq: number;
}

function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / 100;
}

async function start(
  args: string[],
  env: Record<string, string>,
  probe: string,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: 'ignore' });
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
    if (
      await fetch(probe).then(
        (r) => r.status < 500,
        () => false,
      )
    )
      return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${probe} did not come up`);
}

/** A tool error is a 200 with isError; both it and a non-2xx count as failed. */
async function load(
  name: string,
  pid: number,
  url: string,
  headers: Record<string, string>,
  nextBody: () => string,
): Promise<Row & { okAll: number }> {
  let failed = 0;
  let okAll = 0;
  const options = {
    url,
    method: 'POST' as const,
    headers,
    connections: CONNECTIONS,
    requests: [
      {
        setupRequest: (request: object) => ({ ...request, body: nextBody() }),
        onResponse: (status: number, body: string) => {
          if (status !== 200 || body.includes('"isError":true')) failed++;
          else okAll++;
        },
      },
    ],
  };
  await autocannon({ ...options, duration: 2 });
  failed = 0;
  const before = cpuMicros(pid);
  const r = await autocannon({ ...options, duration: DURATION });
  return {
    target: name,
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    failed: failed + r.errors,
    cpuUsPerReq: Math.round((cpuMicros(pid) - before) / Math.max(1, r.requests.total)),
    okAll,
  };
}

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, ['tools/build-app.mjs', 'apps/mcp-http'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('building apps/mcp-http failed');
  const db = await openScratchPostgres(
    process.env['BENCH_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
  );
  const children: ChildProcess[] = [];
  const rows: Row[] = [];
  try {
    await seedDemoData(db);
    const email = 'learner@lumen.test';
    const [enrolment] = await db.sql<{ id: string; course_id: string }>`
      SELECT u.id::text AS id, e.course_id::text AS course_id
        FROM users u JOIN enrollments e ON e.user_id = u.id WHERE u.email = ${email} LIMIT 1`;
    if (!enrolment) throw new Error(`${email} has no enrolment: was the demo data seeded?`);
    const { id: userId, course_id: courseId } = enrolment;
    await db.sql`
      INSERT INTO review_cards (user_id, course_id, prompt, answer, due)
      SELECT ${userId}::uuid, ${courseId}::uuid, 'Bench prompt ' || g, 'Bench answer ' || g, now() - interval '1 day'
        FROM generate_series(1, ${CARDS}::int) g`;
    await db.sql`VACUUM ANALYZE review_cards`;
    const cardIds = (
      await db.sql<{
        id: string;
      }>`SELECT id::text AS id FROM review_cards WHERE user_id = ${userId}::uuid ORDER BY id`
    ).map((r) => r.id);
    const minted = await createClientRegistry({ db }).mint({
      ownerEmail: email,
      name: 'bench',
      scopes: '*',
    });

    const sdkPort = await freePort();
    const sdk = await start(
      [process.argv[1]!, '--serve=sdk-1', `--port=${sdkPort}`],
      {},
      `http://127.0.0.1:${sdkPort}/mcp`,
    );
    children.push(sdk);
    rows.push(
      await load(
        'SDK stateless pattern, 1 trivial tool',
        sdk.pid!,
        `http://127.0.0.1:${sdkPort}/mcp`,
        HEADERS,
        () => call('echo', { text: 'hi' }),
      ),
    );
    sdk.kill('SIGTERM');

    const lumen = await startReplica(ROOT, 'bench-learning-core-http', {
      DATABASE_URL: db.location,
      JWT_SECRET: 'bench-jwt-secret-0123456789-abcdefghij',
      LLM_PROVIDER: 'noop',
    });
    children.push(lumen.child);
    const base = lumen.baseUrl;
    const tokenRes = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: minted.clientId,
        client_secret: minted.clientSecret,
      }),
    });
    const token = ((await tokenRes.json()) as { access_token?: string }).access_token;
    if (!token) throw new Error(`no access token: ${tokenRes.status}`);
    const auth = { ...HEADERS, authorization: `Bearer ${token}` };
    const mcp = `${base}/mcp`;
    rows.push(
      await load('list_my_progress', lumen.child.pid!, mcp, auth, () =>
        call('list_my_progress', {}),
      ),
    );
    let n = 0;
    rows.push(
      await load('list_my_due_reviews (limit 1-100, varied)', lumen.child.pid!, mcp, auth, () =>
        call('list_my_due_reviews', { limit: 1 + (n++ % 100) }),
      ),
    );
    const [before] = await db.sql<{
      logs: number;
    }>`SELECT count(*)::int AS logs FROM review_logs`;
    const logsBefore = before?.logs ?? 0;
    let g = 0;
    const grading = await load(
      'grade_review_card (a new card each call)',
      lumen.child.pid!,
      mcp,
      auth,
      () =>
        call('grade_review_card', { card_id: cardIds[g++ % cardIds.length], rating: 1 + (g % 4) }),
    );
    rows.push(grading);
    const [check] = await db.sql<{ logs: number; mismatched: number }>`
      SELECT (SELECT count(*)::int FROM review_logs) AS logs,
             (SELECT count(*)::int FROM review_cards c
               WHERE c.user_id = ${userId}::uuid AND c.prompt LIKE 'Bench prompt %'
                 AND c.version <> (SELECT count(*) FROM review_logs l WHERE l.card_id = c.id)) AS mismatched`;
    const logged = check!.logs - logsBefore!;
    // Warm-up and measured run. autocannon stops at its deadline without waiting for
    // the requests in flight (at most one per connection per run): the server still
    // applies those, so up to 2 x connections more rows than answers seen is expected.
    // Per card, version = number of log rows, which would break on a lost or doubled grade.
    process.stdout.write(
      `grades answered OK: ${grading.okAll}; new review_logs rows: ${logged}; ` +
        `bench cards whose version differs from their log count: ${check!.mismatched}\n`,
    );
    if (
      check!.mismatched !== 0 ||
      logged < grading.okAll ||
      logged > grading.okAll + 2 * CONNECTIONS
    )
      throw new Error('a grade was lost or logged twice');
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await db.close();
  }
  const sdk = rows[0]!;
  process.stdout.write(
    `\nnode ${process.version}, ${CONNECTIONS} connections, ${DURATION} s each, ${CARDS} extra cards, load ${loadavg()[0]!.toFixed(2)}\n`,
  );
  process.stdout.write(
    `${'target'.padEnd(44)}${'req/s'.padStart(8)}${'x SDK'.padStart(8)}${'p50 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'failed'.padStart(8)}${'CPU µs/req'.padStart(12)}\n`,
  );
  for (const r of rows)
    process.stdout.write(
      `${r.target.padEnd(44)}${String(r.rps).padStart(8)}${(r.rps / sdk.rps).toFixed(2).padStart(8)}${String(r.p50).padStart(8)}${String(r.p99).padStart(8)}${String(r.failed).padStart(8)}${String(r.cpuUsPerReq).padStart(12)}\n`,
    );
}

const serve = arg('serve');
if (serve === 'sdk-1') serveReference('sdk-1', Number(arg('port')));
else {
  await main();
  process.exit(0);
}
