/**
 * What PostgreSQL's plan cache mode costs each read tool, on the throughput bench's
 * fixture: PostgreSQL backend CPU and this process's CPU per call for every tool through
 * the real tool handlers (arguments varied per call as in mcp-http-throughput.ts), once on
 * sessions left at PostgreSQL's default `plan_cache_mode = auto` and once on sessions with
 * the generic plans Lumen asks for (see libs/db/src/create-db.ts). Calls run one at a
 * time, so CPU per call is not inflated by contention on a busy machine; the two
 * variants alternate in blocks (which goes first alternates too) and the median block of
 * each is reported. /proc counts CPU in 10 ms ticks: keep --calls × µs per call well above.
 *
 *   node tools/run-ts.mjs bench/pg-plan-cache.ts [--calls=300] [--rounds=5]
 *     [--only=list,get,search,due,progress,grade,tutor]
 *     [--socket=DIR]  (adds generic plans over the Unix socket in DIR, e.g. /var/run/postgresql,
 *                      beside the other two, which use TCP)
 */
import { readFileSync } from 'node:fs';

import type { Principal } from '@lumen/auth';
import { openScratchPostgres } from '@lumen/db/testing';
import { createLumenServerFactory } from '@lumen/mcp-tools';
import { createLogger, createLumen } from '@lumen/platform';
import type { Lumen } from '@lumen/platform';

import { seedFixture, TOOL_CALLS } from './throughput-fixture.js';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const CALLS = Number(arg('calls') ?? 300);
const ROUNDS = Number(arg('rounds') ?? 5);

/** utime + stime of a process in microseconds, from /proc (Linux). */
function cpuMicros(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / 100;
  } catch {
    return 0;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const only = arg('only')?.split(',') ?? ['list', 'get', 'search', 'due', 'progress'];
  const db = await openScratchPostgres(
    process.env['BENCH_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
  );
  const lumens: Lumen[] = [];
  try {
    const fixture = await seedFixture(db, 1_000);
    const users = await db.sql<{ id: string }>`
      SELECT id::text AS id FROM users WHERE email LIKE '%@bench.test' ORDER BY email`;
    const variant = async (name: string, options: string | null, socketDir?: string) => {
      const url = new URL(db.location);
      url.searchParams.set('application_name', `plans-${name}`);
      if (options) url.searchParams.set('options', options);
      if (socketDir) {
        url.hostname = 'localhost';
        url.port = '';
        url.searchParams.set('host', socketDir);
      }
      const lumen = await createLumen({
        databaseUrl: url.toString(),
        env: { LLM_PROVIDER: 'noop' },
        logger: createLogger({ level: 'error', write: () => undefined }),
        migrate: false,
      });
      lumens.push(lumen);
      const pids = async () =>
        (
          await db.sql<{ pid: number }>`
            SELECT pid FROM pg_stat_activity WHERE application_name = ${`plans-${name}`}`
        ).map((r) => r.pid);
      const factory = createLumenServerFactory({
        services: lumen,
        resolvePrincipal: async () => current!,
      });
      let current: Principal | undefined;
      return {
        name,
        lumen,
        pids,
        handlers: factory.handlers,
        set: (p: Principal) => (current = p),
      };
    };
    const variants = [
      await variant('auto', '-c plan_cache_mode=auto'),
      await variant('generic', null),
      ...(arg('socket') ? [await variant('socket', null, arg('socket'))] : []),
    ];
    const modes = await Promise.all(
      variants.map(
        async (v) =>
          (await v.lumen.db.sql<{ m: string }>`SELECT current_setting('plan_cache_mode') AS m`)[0]!
            .m,
      ),
    );
    process.stdout.write(
      `plan_cache_mode: ${variants.map((v, i) => `${v.name} sessions ${modes[i]}`).join(', ')}; ` +
        `${CALLS} calls a block, ${ROUNDS} blocks each\n\n` +
        `${'tool'.padEnd(24)}${'PG µs/call auto'.padStart(17)}${'generic'.padStart(9)}${'×'.padStart(7)}` +
        `${'node µs/call auto'.padStart(19)}${'generic'.padStart(9)}` +
        (arg('socket') ? `${'socket: PG'.padStart(12)}${'node'.padStart(6)}` : '') +
        '\n',
    );
    for (const kind of only) {
      const { tool, make } = TOOL_CALLS[kind]!;
      const samples = new Map(
        variants.map((v) => [v.name, { pg: [] as number[], node: [] as number[] }]),
      );
      let n = 0;
      for (let round = 0; round < ROUNDS + 1; round++) {
        // Alternate which variant goes first, so neither always follows the other.
        for (const v of round % 2 === 0 ? variants : [...variants].reverse()) {
          const start = n;
          n += CALLS;
          const run = async () => {
            for (let i = start; i < start + CALLS; i++) {
              const call = make(fixture, i);
              v.set({
                userId: users[call.learner]!.id,
                role: 'learner',
                clientId: 'bench',
                scopes: ['*'],
              });
              const result = await v.handlers.callTool(
                { params: { name: tool, arguments: call.args } },
                { signal: new AbortController().signal, sendNotification: async () => undefined },
              );
              if (result.isError) throw new Error(`${tool}: ${JSON.stringify(result.content)}`);
            }
          };
          const pids = await v.pids();
          const pgBefore = pids.reduce((s, p) => s + cpuMicros(p), 0);
          const nodeBefore = process.cpuUsage();
          await run();
          const node = process.cpuUsage(nodeBefore);
          const pgAfter = (await v.pids()).reduce((s, p) => s + cpuMicros(p), 0);
          if (round === 0) continue; // warm-up: connections, plans, JIT
          samples.get(v.name)!.pg.push((pgAfter - pgBefore) / CALLS);
          samples.get(v.name)!.node.push((node.user + node.system) / CALLS);
        }
      }
      const a = samples.get('auto')!;
      const g = samples.get('generic')!;
      const sock = samples.get('socket');
      const pgA = median(a.pg);
      const pgG = median(g.pg);
      process.stdout.write(
        `${tool.padEnd(24)}${pgA.toFixed(0).padStart(17)}${pgG.toFixed(0).padStart(9)}` +
          `${(pgA / pgG).toFixed(2).padStart(7)}${median(a.node).toFixed(0).padStart(19)}` +
          `${median(g.node).toFixed(0).padStart(9)}` +
          (sock
            ? `${median(sock.pg).toFixed(0).padStart(12)}${median(sock.node).toFixed(0).padStart(6)}`
            : '') +
          '\n',
      );
    }
  } finally {
    for (const lumen of lumens) await lumen.close();
    await db.close();
  }
}

await main();
