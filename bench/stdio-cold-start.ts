/**
 * stdio cold start: milliseconds from spawn to the first `tools/list` answer for the
 * built `lumen-mcp --transport stdio` and for `@modelcontextprotocol/server-everything`
 * (stdio) in the same run, and for Lumen also to the first `tools/call` answer (token
 * check included) on an existing embedded database (pre-seeded data dir, minted client).
 * Both servers are started as `node <bin>` so neither pays npx's own start-up.
 *
 *   node tools/run-ts.mjs bench/stdio-cold-start.ts [--runs=10] [--no-build]
 */
import { execFileSync, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';

import { prepareDataDir, ROOT } from './seeded-data-dir.js';

/** server-everything's spawn → tools/list where the targets were set. */
const REFERENCE_EVERYTHING_MS = 260;
const RUNS = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 10);
const LUMEN = [`${ROOT}apps/mcp-stdio/dist/main.js`, '--transport', 'stdio'];
const EVERYTHING = [
  `${ROOT}node_modules/@modelcontextprotocol/server-everything/dist/index.js`,
  'stdio',
];

interface Timing {
  toolsList: number;
  toolsCall?: number;
}

const frame = (id: number | undefined, method: string, params: object = {}) =>
  `${JSON.stringify({ jsonrpc: '2.0', ...(id === undefined ? {} : { id }), method, params })}\n`;

/** Spawns a server, sends initialize + tools/list (+ tools/call), times each answer from spawn. */
function timeOnce(args: string[], env: Record<string, string>, call?: string): Promise<Timing> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    const timing: Partial<Timing> = {};
    let buffer = '';
    const timer = setTimeout(() => finish(new Error(`${args[0]}: no answer within 30 s`)), 30_000);
    const finish = (error?: Error) => {
      clearTimeout(timer);
      child.kill();
      if (error) reject(error);
      else resolve(timing as Timing);
    };
    child.on('exit', (code) => finish(new Error(`${args[0]} exited early with ${code}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const message = JSON.parse(line) as {
          id?: number;
          result?: { isError?: boolean };
          error?: unknown;
        };
        const at = performance.now() - started;
        if (message.error) return finish(new Error(`${args[0]}: ${JSON.stringify(message.error)}`));
        if (message.id === 2) timing.toolsList = at;
        if (message.id === 3) {
          if (message.result?.isError)
            return finish(new Error(`tools/call failed: ${line.slice(0, 300)}`));
          timing.toolsCall = at;
        }
        if ((message.id === 2 && !call) || message.id === 3) {
          child.removeAllListeners('exit');
          return finish();
        }
      }
    });
    child.stdin.write(
      frame(1, 'initialize', {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'cold-start-bench', version: '1.0.0' },
      }) +
        frame(undefined, 'notifications/initialized') +
        frame(2, 'tools/list') +
        (call ? frame(3, 'tools/call', { name: call, arguments: {} }) : ''),
    );
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build'))
    for (const app of ['apps/cli', 'apps/mcp-stdio'])
      execFileSync(process.execPath, [`${ROOT}tools/build-app.mjs`, app], { stdio: 'inherit' });
  const { dir, secret } = prepareDataDir('lumen-cold-');
  const lumenEnv = {
    LUMEN_DATA_DIR: dir,
    LUMEN_MCP_AUTH_TOKEN: secret,
    DATABASE_URL: '',
    LLM_PROVIDER: 'noop',
  };
  const lumen: Timing[] = [];
  const everything: Timing[] = [];
  try {
    await timeOnce(EVERYTHING, {}); // warm the file-system cache for both
    await timeOnce(LUMEN, lumenEnv, 'list_courses');
    for (let i = 0; i < RUNS; i++) {
      everything.push(await timeOnce(EVERYTHING, {}));
      lumen.push(await timeOnce(LUMEN, lumenEnv, 'list_courses'));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const ev = median(everything.map((t) => t.toolsList));
  const lu = median(lumen.map((t) => t.toolsList));
  const call = median(lumen.map((t) => t.toolsCall!));
  const ms = (n: number) => `${n.toFixed(0)} ms`.padStart(9);
  process.stdout.write(`\nnode ${process.version}, median of ${RUNS} runs\n`);
  process.stdout.write(`${'server-everything (stdio): spawn → tools/list'.padEnd(52)}${ms(ev)}\n`);
  process.stdout.write(
    `${'lumen-mcp (stdio): spawn → tools/list'.padEnd(52)}${ms(lu)}   ${(lu / ev).toFixed(2)}x (target <= 2x)\n`,
  );
  process.stdout.write(
    `${'lumen-mcp (stdio): spawn → first tools/call'.padEnd(52)}${ms(call)}   (target <= 1500 ms)\n`,
  );
  // The 1.5 s target was set where server-everything answered in about 260 ms. On a
  // slower or contended machine every start-up stretches, so the run also reports the
  // first call in units of server-everything's start-up, beside the target's 1500/260.
  process.stdout.write(
    `${'  first tools/call / server-everything tools/list'.padEnd(52)}${(call / ev).toFixed(2).padStart(6)}x   (target's ratio ${(1500 / REFERENCE_EVERYTHING_MS).toFixed(2)}x)\n`,
  );
}

await main();
