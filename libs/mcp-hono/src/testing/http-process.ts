/**
 * Test support: the BUILT HTTP server (`node apps/mcp-http/dist/main.js`) as a real
 * child process, for tests that kill it, restart it or take its database away. The
 * bundle is rebuilt first when any workspace source is newer, so a test never runs
 * stale code.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
export const HTTP_BIN = join(ROOT, 'apps/mcp-http/dist/main.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (['generated', 'dist', 'node_modules'].includes(entry.name)) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const mtime = (path: string) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
};

/**
 * Rebuilds each app's `dist/main.js` when a source under apps/ or libs/ is newer than
 * it (the stdio suites use this for `lumen-mcp` and `lumen` too).
 */
export function ensureAppsBuilt(apps: readonly string[]): void {
  const sources = Math.max(newestMtime(join(ROOT, 'apps')), newestMtime(join(ROOT, 'libs')));
  for (const app of apps) {
    if (mtime(join(ROOT, app, 'dist/main.js')) >= sources) continue;
    const built = spawnSync(process.execPath, [join(ROOT, 'tools/build-app.mjs'), app], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (built.status !== 0) throw new Error(`building ${app} failed:\n${built.stderr}`);
  }
}

/** Rebuilds apps/mcp-http/dist when a source under apps/ or libs/ is newer than the bundle. */
export function ensureHttpBuilt(): void {
  ensureAppsBuilt(['apps/mcp-http']);
}

/** A loopback port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface HttpProcess {
  baseUrl: string;
  mcpUrl: string;
  child: ChildProcess;
  /** Every complete stderr line so far (the structured JSON log). */
  stderrLines: string[];
  /** Resolves with the exit code (or signal name) once the process is gone. */
  exited: Promise<number | string>;
  /** Sends `signal` and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<number | string>;
}

async function waitHealthy(baseUrl: string, proc: HttpProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let done = false;
  void proc.exited.then(() => (done = true));
  while (Date.now() < deadline && !done) {
    try {
      if ((await fetch(`${baseUrl}/healthz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const log = proc.stderrLines.slice(-20).join('\n');
  throw new Error(`${baseUrl} did not come up (${done ? 'exited' : 'timed out'}):\n${log}`);
}

/**
 * Spawns the built server on a free loopback port with `env` (over a noop LLM and
 * unfuzzed FSRS) and waits until /healthz answers.
 */
export async function spawnHttpServer(
  env: Record<string, string>,
  options: { port?: number; timeoutMs?: number } = {},
): Promise<HttpProcess> {
  const port = options.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--enable-source-maps', HTTP_BIN], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '/tmp',
      LLM_PROVIDER: 'noop',
      FSRS_ENABLE_FUZZ: 'false',
      LUMEN_LOG_LEVEL: 'info',
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LUMEN_PUBLIC_URL: baseUrl,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stderrLines: string[] = [];
  let partial = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    stderrLines.push(...lines.filter((l) => l !== ''));
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const proc: HttpProcess = {
    baseUrl,
    mcpUrl: `${baseUrl}/mcp`,
    child,
    stderrLines,
    exited,
    kill: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  try {
    await waitHealthy(baseUrl, proc, options.timeoutMs ?? 60_000);
  } catch (error) {
    await proc.kill('SIGKILL');
    throw error;
  }
  return proc;
}
