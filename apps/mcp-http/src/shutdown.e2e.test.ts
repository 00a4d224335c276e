/**
 * Stopping the HTTP server the way an operator does: Ctrl-C on `npm start` in a
 * terminal signals the whole process group, and the `npm start` wrapper forwards the
 * signal to the server as well, so the server gets SIGINT twice. It must still shut down
 * cleanly: log `http.shutdown`, close the embedded database and give its lock and socket
 * back (a second signal with no handler ended it mid-shutdown, leaving both behind).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ensureAppsBuilt, freePort, spawnHttpServer } from '@lumen/mcp-hono/testing';

const ROOT = join(import.meta.dirname, '..', '..', '..');

const JWT_SECRET = 'shutdown-test-secret-0123456789abcdefghij';

let work: string;
beforeAll(() => {
  ensureAppsBuilt(['apps/cli', 'apps/mcp-http']);
  work = mkdtempSync(join(tmpdir(), 'lumen-shutdown-'));
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const leftBehind = (dataDir: string) =>
  ['lumen.lock', '.s.PGSQL.5432'].filter((name) => existsSync(join(dataDir, name)));

async function healthy(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

it('shuts down cleanly when SIGINT arrives twice', async () => {
  const dataDir = join(work, 'twice');
  const server = await spawnHttpServer({ LUMEN_DATA_DIR: dataDir, JWT_SECRET });
  server.child.kill('SIGINT');
  // The second one once the first has been handled (two pending ones would merge).
  await new Promise((resolve) => setTimeout(resolve, 30));
  server.child.kill('SIGINT');
  expect(await server.exited).toBe(0);
  expect(server.stderrLines.join('\n')).toContain('"msg":"http.shutdown"');
  expect(leftBehind(dataDir)).toEqual([]);
}, 120_000);

it('stops `npm start` cleanly on Ctrl-C (SIGINT to the whole process group)', async () => {
  const dataDir = join(work, 'npm-start');
  const port = await freePort();
  // detached: its own process group, like a terminal's foreground job.
  const wrapper = spawn(process.execPath, [join(ROOT, 'tools/start.mjs')], {
    cwd: ROOT,
    detached: true,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: work,
      LLM_PROVIDER: 'noop',
      LUMEN_DATA_DIR: dataDir,
      JWT_SECRET,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  wrapper.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<[number | null, string | null]>((resolve) =>
    wrapper.once('exit', (code, signal) => resolve([code, signal])),
  );
  try {
    await healthy(`http://127.0.0.1:${port}/healthz`, 90_000);
    process.kill(-wrapper.pid!, 'SIGINT');
    expect(await exited).toEqual([0, null]);
    expect(stderr).toContain('"msg":"http.shutdown"');
    expect(leftBehind(dataDir)).toEqual([]);
  } finally {
    if (wrapper.exitCode === null && wrapper.signalCode === null)
      process.kill(-wrapper.pid!, 'SIGKILL');
  }
}, 180_000);
