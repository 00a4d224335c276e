/**
 * stdio cold start: milliseconds from spawn to the first `tools/list` answer for the
 * built `lumen-mcp --transport stdio` and for `@modelcontextprotocol/server-everything`
 * (stdio) in the same run, and for Lumen also to the first `tools/call` answer (token
 * check included) on an existing embedded database (pre-seeded data dir, minted client).
 * Both servers are started as `node <bin>` so neither pays npx's own start-up.
 *
 *   node tools/run-ts.mjs bench/stdio-cold-start.ts [--runs=10] [--no-build] [--package] [--baseline=<main.js>]…
 *
 * --package also packs the npx package (tools/pack-stdio.mjs), installs it into a
 * scratch project as a user's npx would, and times its bin's bundle beside the dev
 * build; --baseline times another build's dist/main.js (a copy of an earlier checkout's
 * apps/mcp-stdio inside this repo, so it resolves the same node_modules) in the same
 * run; repeat --baseline for several (printed as baseline 1, 2, … in that order), e.g.
 * the same build with and without a change to how it loads. Runs are interleaved, so a busy machine slows every target alike; the CPU time
 * each Lumen process had used when its first call was answered is printed too, since
 * it does not depend on what else the machine runs.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { prepareDataDir, ROOT } from './seeded-data-dir.js';

/** Issue 15's targets, as multiples of server-everything's spawn → tools/list. */
const TARGET_LIST = 1.5;
const TARGET_CALL = 2.5;
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const RUNS = Number(arg('runs') ?? 10);
const lumenArgs = (main: string) => [main, '--transport', 'stdio'];
const EVERYTHING = [
  `${ROOT}node_modules/@modelcontextprotocol/server-everything/dist/index.js`,
  'stdio',
];

interface Timing {
  toolsList: number;
  toolsCall?: number;
  /** CPU ms (user + system) the process had used when the call was answered. */
  cpu?: number;
}

/** utime + stime of a running process, from /proc (clock ticks of 10 ms). */
function cpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
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
    const timer = setTimeout(
      () => finish(new Error(`${args[0]}: no answer within 120 s`)),
      120_000,
    );
    // Settles once the process has exited: a server still shutting down holds the data
    // dir, and the next target's start would open it through that process (or wait for
    // it), which slowed whichever target ran second by about half a second.
    const finish = (error?: Error) => {
      clearTimeout(timer);
      const settle = () => (error ? reject(error) : resolve(timing as Timing));
      if (child.exitCode !== null || child.signalCode !== null) return settle();
      child.once('exit', settle);
      child.kill();
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
          timing.cpu = cpuMs(child.pid);
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

/** Packs and installs the npx package into a scratch project; returns its bundle. */
function installPackage(): { main: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'lumen-cold-pkg-'));
  const tarball = execFileSync(
    process.execPath,
    [`${ROOT}tools/pack-stdio.mjs`, '--check', '--pack', dir],
    { encoding: 'utf8' },
  ).trim();
  writeFileSync(join(dir, 'package.json'), '{ "name": "consumer", "private": true }\n');
  execFileSync('npm', ['install', tarball, '--no-audit', '--no-fund', '--prefer-offline'], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { main: join(dir, 'node_modules/@lumen/mcp-server/dist/main.js'), dir };
}

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build'))
    for (const app of ['apps/cli', 'apps/mcp-stdio'])
      execFileSync(process.execPath, [`${ROOT}tools/build-app.mjs`, app], { stdio: 'inherit' });
  const targets: Record<string, string> = {
    'lumen-mcp (dev build)': `${ROOT}apps/mcp-stdio/dist/main.js`,
  };
  const pkg = process.argv.includes('--package') ? installPackage() : undefined;
  if (pkg) targets['lumen-mcp (npm package)'] = pkg.main;
  const baselines = process.argv.filter((a) => a.startsWith('--baseline=')).map((a) => a.slice(11));
  for (const [i, baseline] of baselines.entries())
    targets[baselines.length > 1 ? `baseline ${i + 1}` : 'baseline'] = baseline;
  const { dir, secret } = prepareDataDir('lumen-cold-');
  const lumenEnv = {
    LUMEN_DATA_DIR: dir,
    LUMEN_MCP_AUTH_TOKEN: secret,
    DATABASE_URL: '',
    LLM_PROVIDER: 'noop',
  };
  const lumen: Record<string, Timing[]> = Object.fromEntries(
    Object.keys(targets).map((name) => [name, []]),
  );
  const everything: Timing[] = [];
  try {
    await timeOnce(EVERYTHING, {}); // warm the file-system cache for all
    for (const main of Object.values(targets))
      await timeOnce(lumenArgs(main), lumenEnv, 'list_courses');
    for (let i = 0; i < RUNS; i++) {
      everything.push(await timeOnce(EVERYTHING, {}));
      for (const [name, main] of Object.entries(targets))
        lumen[name]!.push(await timeOnce(lumenArgs(main), lumenEnv, 'list_courses'));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (pkg) rmSync(pkg.dir, { recursive: true, force: true });
  }
  const ev = median(everything.map((t) => t.toolsList));
  const ms = (n: number) => `${n.toFixed(0)} ms`.padStart(9);
  const x = (n: number) => `${(n / ev).toFixed(2)}x`.padStart(7);
  process.stdout.write(`\nnode ${process.version}, median of ${RUNS} interleaved runs\n`);
  process.stdout.write(`${'server-everything (stdio): spawn → tools/list'.padEnd(52)}${ms(ev)}\n`);
  for (const [name, timings] of Object.entries(lumen)) {
    const list = median(timings.map((t) => t.toolsList));
    const call = median(timings.map((t) => t.toolsCall!));
    const cpu = median(timings.map((t) => t.cpu ?? Number.NaN));
    process.stdout.write(
      `${`${name}: spawn → tools/list`.padEnd(52)}${ms(list)} ${x(list)} (target <= ${TARGET_LIST}x)\n` +
        `${`${name}: spawn → first tools/call`.padEnd(52)}${ms(call)} ${x(call)} (target <= ${TARGET_CALL}x)\n` +
        `${`${name}: CPU used by the first call`.padEnd(52)}${ms(cpu)}\n`,
    );
  }
}

await main();
