/**
 * Streamable HTTP throughput: requests/s and p50/p99 latency under 32 concurrent
 * keep-alive connections, for
 *   (a) Lumen's `tools/call list_courses` with a Bearer token on real PostgreSQL, the
 *       same call each time (served from the replica's catalog cache after the first)
 *       and with a new filter each time (every call a cache miss and a query),
 *   (b) the MCP SDK's own stateless pattern (new McpServer + transport per request)
 *       with one trivial tool, and with nine tools carrying output schemas,
 *   (c) a bare Hono JSON route.
 * Every server runs in its own process so the load generator does not share its
 * event loop.
 *
 *   node tools/run-ts.mjs bench/mcp-http-throughput.ts [--duration=10] [--connections=32] [--only=lumen,lumen-miss,sdk-1,sdk-9,bare,floor]
 *     [--cpu-prof=DIR]   (writes a V8 CPU profile of the Lumen server process into DIR)
 *
 * PostgreSQL comes from BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres);
 * a scratch database is created, seeded with the demo data and dropped.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

import { createClientRegistry } from '@lumen/auth';
import { openScratchPostgres } from '@lumen/db/testing';
import { seedDemoData } from '@lumen/domain';
import autocannon from 'autocannon';

import { serveReference } from './sdk-stateless-server.js';
import type { ReferenceKind } from './sdk-stateless-server.js';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const DURATION = Number(arg('duration') ?? 10);
const CONNECTIONS = Number(arg('connections') ?? 32);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const JWT_SECRET = 'bench-jwt-secret-0123456789-abcdefghij';

interface Target {
  name: string;
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** A new body for every request (overrides `body` under load). */
  nextBody?: () => string;
}

interface Row {
  /** The `--only` name of the target. */
  kind: string;
  target: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** Server process CPU time (user + system) per request: steadier than req/s on a shared machine. */
  cpuUsPerReq: number;
}

/** utime + stime of a process in microseconds, from /proc (Linux). */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1_000_000) / 100; // USER_HZ is 100 on Linux
}

const MCP_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  'mcp-protocol-version': '2025-06-18',
};

const callBody = (name: string, args: Record<string, unknown>) =>
  JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
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

async function load(kind: string, target: Target, pid: number): Promise<Row> {
  const options = {
    url: target.url,
    method: target.method,
    headers: target.headers,
    connections: CONNECTIONS,
    ...(target.body ? { body: target.body } : {}),
    ...(target.nextBody
      ? {
          requests: [
            {
              setupRequest: (request: object) => ({ ...request, body: target.nextBody!() }),
            },
          ],
        }
      : {}),
  };
  await autocannon({ ...options, duration: 2 }); // warm-up: JIT, pools, caches
  const cpuBefore = cpuMicros(pid);
  const r = await autocannon({ ...options, duration: DURATION });
  const cpu = cpuMicros(pid) - cpuBefore;
  return {
    kind,
    target: target.name,
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
    cpuUsPerReq: Math.round(cpu / Math.max(1, r.requests.total)),
  };
}

/** One sample request, so a misconfigured target fails loudly instead of benchmarking errors. */
async function check(target: Target): Promise<void> {
  const res = await fetch(target.url, {
    method: target.method,
    headers: target.headers,
    ...(target.body ? { body: target.body } : {}),
  });
  const text = await res.text();
  if (res.status !== 200 || text.includes('"isError":true') || text.includes('"error"'))
    throw new Error(`${target.name}: unexpected answer ${res.status} ${text.slice(0, 300)}`);
}

async function lumenTarget(
  databaseUrl: string,
  ownerEmail: string,
  secret: string,
  clientId: string,
  miss = false,
) {
  const port = await freePort();
  const profile = arg('cpu-prof') ? ['--cpu-prof', `--cpu-prof-dir=${arg('cpu-prof')}`] : [];
  const child = spawnServer(
    [...profile, 'apps/mcp-http/dist/main.js'],
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
  const res = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: secret,
    }),
  });
  const token = ((await res.json()) as { access_token?: string }).access_token;
  if (!token) throw new Error(`no access token for ${ownerEmail}: ${res.status}`);
  let n = 0;
  const target: Target = {
    name: miss
      ? '  same, a new filter each call (no cache hits)'
      : 'Lumen tools/call list_courses (auth, PostgreSQL)',
    url: `${base}/mcp`,
    method: 'POST',
    headers: { ...MCP_HEADERS, authorization: `Bearer ${token}` },
    body: callBody('list_courses', {}),
    ...(miss ? { nextBody: () => callBody('list_courses', { filter: `q${n++}` }) } : {}),
  };
  return { child, target };
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

async function measure(
  kind: string,
  start: () => Promise<{ child: ChildProcess; target: Target }>,
): Promise<Row> {
  const { child, target } = await start();
  try {
    await check(target);
    return await load(kind, target, child.pid!);
  } finally {
    child.kill('SIGTERM');
  }
}

function printTable(rows: Row[]): void {
  const pad = (s: string | number, n: number) => String(s).padStart(n);
  process.stdout.write(
    `\n${'target'.padEnd(50)}${pad('req/s', 9)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}${pad('non-2xx', 9)}${pad('errors', 8)}${pad('CPU µs/req', 12)}\n`,
  );
  for (const r of rows)
    process.stdout.write(
      `${r.target.padEnd(50)}${pad(r.rps, 9)}${pad(r.p50, 9)}${pad(r.p99, 9)}${pad(r.non2xx, 9)}${pad(r.errors, 8)}${pad(r.cpuUsPerReq, 12)}\n`,
    );
  const lumen = rows.find((r) => r.kind === 'lumen');
  const miss = rows.find((r) => r.kind === 'lumen-miss');
  const sdk = rows.find((r) => r.kind === 'sdk-1');
  if (lumen && sdk)
    process.stdout.write(
      `\nLumen / SDK pattern (1 tool): ${(lumen.rps / sdk.rps).toFixed(2)}x (target >= 3x), Lumen p99 ${lumen.p99} ms (target < 50 ms)\n`,
    );
  if (miss && sdk)
    process.stdout.write(
      `with no cache hits:           ${(miss.rps / sdk.rps).toFixed(2)}x, p99 ${miss.p99} ms\n`,
    );
}

async function main(): Promise<void> {
  const only = arg('only')?.split(',');
  const build = spawnSync(process.execPath, ['tools/build-app.mjs', 'apps/mcp-http'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('building apps/mcp-http failed');
  const db = await openScratchPostgres(
    process.env['BENCH_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
  );
  const rows: Row[] = [];
  try {
    await seedDemoData(db);
    const ownerEmail = 'learner@lumen.test';
    const minted = await createClientRegistry({ db }).mint({
      ownerEmail,
      name: 'bench',
      scopes: '*',
    });
    if (db.location.includes('*'))
      throw new Error('the bench database URL must not carry a password');
    process.stdout.write(
      `node ${process.version}, ${CONNECTIONS} connections, ${DURATION} s each, load ${loadavg()[0]!.toFixed(2)}\n`,
    );
    for (const kind of ['lumen', 'lumen-miss'] as const)
      if (!only || only.includes(kind))
        rows.push(
          await measure(kind, () =>
            lumenTarget(
              db.location,
              ownerEmail,
              minted.clientSecret,
              minted.clientId,
              kind === 'lumen-miss',
            ),
          ),
        );
    for (const kind of ['sdk-1', 'sdk-9', 'bare', 'floor'] as const)
      if (!only || only.includes(kind))
        rows.push(await measure(kind, () => referenceTarget(kind, db.location)));
  } finally {
    await db.close();
  }
  printTable(rows);
}

const serve = arg('serve') as ReferenceKind | undefined;
if (serve) serveReference(serve, Number(arg('port')));
else await main();
