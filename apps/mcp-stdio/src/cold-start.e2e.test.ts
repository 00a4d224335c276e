/**
 * The cold start as a client sees it on the embedded database: the server answers
 * `initialize` and `tools/list` while the database is still opening (and migrations are
 * checked with one read when none is pending). Whatever arrives meanwhile must still be
 * answered properly, and a database that cannot be opened must still end the process
 * with one line.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { spawnRawStdio } from './testing/raw-stdio.js';
import { ensureBuilt, prepareEmbedded } from './testing/stdio-harness.js';
import type { PreparedDatabase } from './testing/stdio-harness.js';

const frame = (id: number | undefined, method: string, params: object = {}) =>
  JSON.stringify({ jsonrpc: '2.0', ...(id === undefined ? {} : { id }), method, params });

interface Answer {
  result?: { tools?: unknown[]; isError?: boolean; structuredContent?: { courses?: unknown[] } };
}

beforeAll(() => ensureBuilt());

describe('lumen-mcp cold start on the embedded database', () => {
  let prepared: PreparedDatabase;
  beforeAll(async () => {
    prepared = await prepareEmbedded();
  }, 180_000);
  afterAll(() => prepared?.close());

  it('answers a tool call sent with the first tools/list, right after it', async () => {
    const server = spawnRawStdio({
      ...prepared.env,
      LUMEN_MCP_AUTH_TOKEN: prepared.learner.clientSecret,
    });
    try {
      // A client's whole opening at once, before the server has even started.
      const order: number[] = [];
      const answered = (id: number, line: string) =>
        server.exchange(id, line, 60_000).then((m) => (order.push(id), m as Answer));
      const init = answered(
        1,
        frame(1, 'initialize', {
          protocolVersion: '2025-06-18',
          capabilities: {},
          clientInfo: { name: 'cold-start-test', version: '1.0.0' },
        }),
      );
      await server.write(`${frame(undefined, 'notifications/initialized')}\n`);
      const list = answered(2, frame(2, 'tools/list'));
      const call = answered(3, frame(3, 'tools/call', { name: 'list_courses', arguments: {} }));
      const [, tools, courses] = await Promise.all([init, list, call]);
      expect(tools.result?.tools).toHaveLength(9);
      expect(courses.result?.isError).toBeFalsy();
      expect(courses.result?.structuredContent?.courses?.length).toBeGreaterThan(0);
      expect(order).toEqual([1, 2, 3]);
    } finally {
      await server.close();
    }
  }, 120_000);

  it('answers every request of a piped session before exiting when stdin closes', async () => {
    // `printf '…' | lumen-mcp`: the client writes its lines and closes stdin at once,
    // before the database is even open; the call must still be answered, then the
    // process exits by itself.
    const server = spawnRawStdio({
      ...prepared.env,
      LUMEN_MCP_AUTH_TOKEN: prepared.learner.clientSecret,
    });
    const exit = new Promise<number | null>((resolve) => server.child.once('exit', resolve));
    server.child.stdin.end(
      [
        frame(1, 'initialize', {
          protocolVersion: '2025-06-18',
          capabilities: {},
          clientInfo: { name: 'piped-session-test', version: '1.0.0' },
        }),
        frame(undefined, 'notifications/initialized'),
        frame(2, 'tools/list'),
        frame(3, 'tools/call', { name: 'list_courses', arguments: {} }),
        '',
      ].join('\n'),
    );
    expect(await exit).toBe(0);
    const answers = server.stdoutLines
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Answer & { id: number });
    expect(answers.map((a) => a.id)).toEqual([1, 2, 3]);
    expect(answers[2]!.result?.isError).toBeFalsy();
    expect(answers[2]!.result?.structuredContent?.courses?.length).toBeGreaterThan(0);
    expect(server.stderrLines.join('\n')).toContain('"tool":"list_courses"');
  }, 120_000);

  it('shuts down cleanly when SIGINT arrives twice (Ctrl-C through a wrapper)', async () => {
    const server = spawnRawStdio({
      ...prepared.env,
      LUMEN_MCP_AUTH_TOKEN: prepared.learner.clientSecret,
    });
    const exit = new Promise<[number | null, string | null]>((resolve) =>
      server.child.once('exit', (code, signal) => resolve([code, signal])),
    );
    await server.request(1, 'initialize', {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'signals-test', version: '1.0.0' },
    });
    await server.write(`${frame(undefined, 'notifications/initialized')}\n`);
    await server.request(2, 'tools/call', { name: 'list_courses', arguments: {} }, 60_000);
    server.child.kill('SIGINT');
    // The second one after the first has been handled (two pending ones would merge).
    await new Promise((resolve) => setTimeout(resolve, 30));
    server.child.kill('SIGINT');
    // Killed by the second signal, the process would end with signal SIGINT and leave
    // the data dir's lock behind.
    expect(await exit).toEqual([0, null]);
    expect(existsSync(join(prepared.env['LUMEN_DATA_DIR']!, 'lumen.lock'))).toBe(false);
  }, 120_000);
});

it('reports a database it cannot open in one line and exits non-zero', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lumen-stdio-cold-'));
  const notADir = join(dir, 'data');
  writeFileSync(notADir, 'a file where the data directory should be');
  const server = spawnRawStdio({ LUMEN_DATA_DIR: notADir, LUMEN_MCP_AUTH_TOKEN: 'unused' });
  try {
    const exit = new Promise<number | null>((resolve) => server.child.once('exit', resolve));
    expect(await exit).not.toBe(0);
    const lines = server.stderrLines.filter((l) => l.trim() !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^lumen-mcp: cannot open the database: .*data/);
    expect(server.stdoutLines).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
