/**
 * Bench support: one `node apps/mcp-http/dist/main.js` replica on a free loopback port,
 * its log in tmp/<name>.log, ready once /healthz answers.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { createServer } from 'node:net';

export interface Replica {
  name: string;
  baseUrl: string;
  mcpUrl: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

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

async function waitHealthy(replica: Replica, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (replica.child.exitCode !== null)
      throw new Error(`${replica.name} exited with ${replica.child.exitCode}`);
    try {
      if ((await fetch(`${replica.baseUrl}/healthz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${replica.name} did not come up within ${timeoutMs} ms`);
}

export async function startReplica(
  root: string,
  name: string,
  env: Record<string, string>,
): Promise<Replica> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  mkdirSync(`${root}tmp`, { recursive: true });
  const log = openSync(`${root}tmp/${name}.log`, 'w');
  const child = spawn(process.execPath, [`${root}apps/mcp-http/dist/main.js`], {
    cwd: root,
    env: {
      PATH: process.env['PATH'] ?? '',
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LUMEN_PUBLIC_URL: baseUrl,
    },
    stdio: ['ignore', log, log],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const replica: Replica = {
    name,
    baseUrl,
    mcpUrl: `${baseUrl}/mcp`,
    child,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  await waitHealthy(replica, 60_000);
  return replica;
}
