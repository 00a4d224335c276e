/**
 * The built HTTP server (and `lumen-mcp --transport http`) failing to start the ways an
 * operator meets: the port taken, the data dir not a writable folder, DATABASE_URL
 * pointing at nothing. Each prints one line naming the setting to change (no stack
 * trace) and exits non-zero.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ensureAppsBuilt, freePort } from '@lumen/mcp-hono/testing';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const HTTP_BIN = join(ROOT, 'apps/mcp-http/dist/main.js');
const STDIO_BIN = join(ROOT, 'apps/mcp-stdio/dist/main.js');
/** Set, so that the embedded database does not log creating a signing key. */
const JWT_SECRET = 'start-failures-test-secret-0123456789abcdef';

let work: string;
beforeAll(() => {
  ensureAppsBuilt(['apps/mcp-http', 'apps/mcp-stdio']);
  work = mkdtempSync(join(tmpdir(), 'lumen-start-'));
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function start(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; lines: string[] }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: work,
        LLM_PROVIDER: 'noop',
        JWT_SECRET,
        ...env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('close', (code) => resolve({ code, lines: stderr.split('\n').filter(Boolean) }));
  });
}

function holdPort(): Promise<{ port: number; server: Server }> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve({ port: (server.address() as { port: number }).port, server });
    });
  });
}

describe('starting on a port another process listens on', () => {
  it.each([
    ['lumen-mcp-http', [HTTP_BIN]],
    ['lumen-mcp', [STDIO_BIN, '--transport', 'http']],
  ])(
    '%s says which port and what to do, in one line',
    async (program, args) => {
      const { port, server } = await holdPort();
      try {
        const dataDir = mkdtempSync(join(work, 'port-'));
        const result = await start(args, {
          LUMEN_DATA_DIR: dataDir,
          PORT: String(port),
          HOST: '127.0.0.1',
        });
        expect(result.code).not.toBe(0);
        expect(result.lines).toEqual([
          `${program}: port ${port} is already in use (127.0.0.1:${port}); stop the other process or set PORT to a free port`,
        ]);
      } finally {
        server.close();
      }
    },
    120_000,
  );
});

describe('starting without a usable database', () => {
  it('names the data dir when it cannot be created', async () => {
    const file = join(work, 'a-file');
    writeFileSync(file, '');
    const result = await start([HTTP_BIN], {
      LUMEN_DATA_DIR: join(file, 'lumen'),
      PORT: String(await freePort()),
    });
    expect(result.code).not.toBe(0);
    expect(result.lines).toHaveLength(1);
    expect(result.lines[0]).toMatch(
      /^lumen-mcp-http: cannot write the embedded database's folder \(ENOTDIR on .*a-file.*\); set LUMEN_DATA_DIR/,
    );
  }, 120_000);

  it('names DATABASE_URL, password hidden, when nothing answers there', async () => {
    const closedPort = await freePort();
    const result = await start([HTTP_BIN], {
      DATABASE_URL: `postgresql://lumen:hunter2@127.0.0.1:${closedPort}/lumen`,
      PORT: String(await freePort()),
    });
    expect(result.code).not.toBe(0);
    expect(result.lines).toEqual([
      `lumen-mcp-http: cannot use the database at postgresql://lumen:***@127.0.0.1:${closedPort}/lumen: ` +
        `connect ECONNREFUSED 127.0.0.1:${closedPort}; check DATABASE_URL and that the server is running`,
    ]);
  }, 120_000);

  it('lists invalid settings without a stack trace', async () => {
    const result = await start([HTTP_BIN], { PORT: 'eighty' });
    expect(result.code).not.toBe(0);
    expect(result.lines[0]).toBe('lumen-mcp-http: Invalid configuration:');
    expect(result.lines[1]).toBe('  PORT: must be a whole number from 0 to 65535');
    expect(result.lines.join('\n')).not.toMatch(/^\s+at /m);
  }, 60_000);
});
