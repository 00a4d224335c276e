/**
 * Test support: the built stdio server with raw pipes instead of an SDK client, so a
 * test can write anything at all to its stdin and read every byte of its stdout.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';

import { ROOT, STDIO_BIN } from './stdio-harness.js';

export interface RawStdioServer {
  child: ChildProcessWithoutNullStreams;
  /** Every complete stdout line so far, as written. */
  stdoutLines: string[];
  stderrLines: string[];
  write(text: string | Buffer): Promise<void>;
  /** Sends one request and resolves with the response carrying its id. */
  request(
    id: number | string,
    method: string,
    params?: unknown,
    timeoutMs?: number,
  ): Promise<unknown>;
  /** Writes `line` (a request carrying `id`, as raw text) and resolves with the response to it. */
  exchange(id: number | string, line: string, timeoutMs?: number): Promise<unknown>;
  close(): Promise<void>;
}

function lineCollector(into: string[], onLine?: (line: string) => void) {
  let partial = '';
  return (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      into.push(line);
      onLine?.(line);
    }
  };
}

export function spawnRawStdio(env: Record<string, string>): RawStdioServer {
  const child = spawn(process.execPath, [STDIO_BIN], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'] ?? '',
      LLM_PROVIDER: 'noop',
      FSRS_ENABLE_FUZZ: 'false',
      ...env,
    },
  });
  const stdoutLines: string[] = [];
  const stderrLines: string[] = [];
  const waiters = new Map<string, (message: unknown) => void>();
  child.stdout.on(
    'data',
    lineCollector(stdoutLines, (line) => {
      try {
        const message = JSON.parse(line) as { id?: unknown };
        const waiter = waiters.get(JSON.stringify(message.id));
        waiter?.(message);
      } catch {
        // non-JSON stays in stdoutLines for the test to find
      }
    }),
  );
  child.stderr.on('data', lineCollector(stderrLines));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const write = (text: string | Buffer) =>
    new Promise<void>((resolve, reject) =>
      child.stdin.write(text, (error) => (error ? reject(error) : resolve())),
    );
  const exchange = (id: number | string, line: string, timeoutMs = 15_000) =>
    new Promise<unknown>((resolve, reject) => {
      const key = JSON.stringify(id);
      const timer = setTimeout(() => reject(new Error(`no answer to id ${key}`)), timeoutMs);
      waiters.set(key, (message) => {
        clearTimeout(timer);
        waiters.delete(key);
        resolve(message);
      });
      write(`${line}\n`).catch(reject);
    });
  return {
    child,
    stdoutLines,
    stderrLines,
    write,
    exchange,
    request: (id, method, params, timeoutMs) =>
      exchange(
        id,
        JSON.stringify({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) }),
        timeoutMs,
      ),
    close: async () => {
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
