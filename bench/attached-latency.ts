/**
 * Tool-call latency from a process ATTACHED to the embedded database (its statements
 * travel over the owner's Unix socket) beside the OWNER's own (PGlite in-process), in
 * one run on one data dir: two built `lumen-mcp --transport stdio` servers, the first
 * started owns the files, the second attaches. Calls alternate between the two so that
 * machine noise hits both alike.
 *
 *   node tools/run-ts.mjs bench/attached-latency.ts [--calls=200] [--no-build]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

import { prepareDataDir, ROOT } from './seeded-data-dir.js';

const CALLS = Number(process.argv.find((a) => a.startsWith('--calls='))?.slice(8) ?? 200);
const WARMUP = 20;

interface Workload {
  label: string;
  tool: string;
  args: (i: number) => Record<string, unknown>;
}

const WORKLOADS: Workload[] = [
  { label: 'list_my_progress', tool: 'list_my_progress', args: () => ({}) },
  { label: 'list_my_due_reviews', tool: 'list_my_due_reviews', args: () => ({ limit: 20 }) },
  {
    label: 'get_course',
    tool: 'get_course',
    args: () => ({ slug: 'database-indexing-in-postgresql' }),
  },
  // A new filter each call: never served from the catalog cache.
  { label: 'list_courses (uncached)', tool: 'list_courses', args: (i) => ({ filter: `q${i}` }) },
];

async function connect(
  env: Record<string, string>,
): Promise<{ client: Client; pid: number | null }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [`${ROOT}apps/mcp-stdio/dist/main.js`, '--transport', 'stdio'],
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stderr: 'ignore',
  });
  const client = new Client({ name: 'attached-latency-bench', version: '1.0.0' });
  await client.connect(transport);
  return { client, pid: transport.pid };
}

async function timeCall(client: Client, tool: string, args: Record<string, unknown>) {
  const started = performance.now();
  const result = await client.callTool({ name: tool, arguments: args });
  const ms = performance.now() - started;
  if (result.isError) throw new Error(`${tool} failed: ${JSON.stringify(result.content)}`);
  return ms;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build'))
    for (const app of ['apps/cli', 'apps/mcp-stdio'])
      execFileSync(process.execPath, [`${ROOT}tools/build-app.mjs`, app], { stdio: 'inherit' });
  const { dir, secret } = prepareDataDir('lumen-attached-');
  const env = { LUMEN_DATA_DIR: dir, LUMEN_MCP_AUTH_TOKEN: secret, LLM_PROVIDER: 'noop' };
  const first = await connect(env);
  await timeCall(first.client, 'list_courses', {}); // it has opened the files
  const second = await connect(env);
  await timeCall(second.client, 'list_courses', {}); // it has attached
  // Which one owns the files: the lock file names its process.
  const lock = JSON.parse(readFileSync(join(dir, 'lumen.lock'), 'utf8')) as { pid: number };
  const [owner, attached] = lock.pid === second.pid ? [second, first] : [first, second];
  if (lock.pid !== owner.pid) throw new Error(`the lock names process ${lock.pid}, neither server`);
  const rows: string[] = [];
  try {
    for (const w of WORKLOADS) {
      const times = { owner: [] as number[], attached: [] as number[] };
      for (let i = 0; i < WARMUP + CALLS; i++) {
        const o = await timeCall(owner.client, w.tool, w.args(2 * i));
        const a = await timeCall(attached.client, w.tool, w.args(2 * i + 1));
        if (i >= WARMUP) {
          times.owner.push(o);
          times.attached.push(a);
        }
      }
      const cell = (xs: number[]) =>
        `${quantile(xs, 0.5).toFixed(2)} / ${quantile(xs, 0.95).toFixed(2)}`.padStart(17);
      const ratio = quantile(times.attached, 0.5) / quantile(times.owner, 0.5);
      rows.push(
        `${w.label.padEnd(26)}${cell(times.owner)}${cell(times.attached)}${ratio.toFixed(2).padStart(9)}x`,
      );
    }
  } finally {
    await attached.client.close();
    await owner.client.close();
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(
    `\nnode ${process.version}, ${CALLS} calls per tool and process (after ${WARMUP} warm-up), alternating\n`,
  );
  process.stdout.write(
    `${'tool'.padEnd(26)}${'owner p50 / p95'.padStart(17)}${'attached p50/p95'.padStart(17)}${'p50 ratio'.padStart(10)}\n`,
  );
  for (const row of rows) process.stdout.write(`${row}\n`);
  process.stdout.write(
    '(milliseconds from sending each tools/call to its answer, through the MCP SDK client)\n',
  );
}

await main();
