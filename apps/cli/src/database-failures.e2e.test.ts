/**
 * The built `lumen` command when the configured database cannot be opened: one line on
 * stderr naming the setting to change (as the servers print when they cannot start),
 * exit code 2, no stack trace, and nothing created.
 */
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { normalizeDatabaseUrl } from '@lumen/db';
import { ensureAppsBuilt } from '@lumen/mcp-hono/testing';
import pg from 'pg';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const CLI_BIN = join(ROOT, 'apps/cli/bin/lumen.js');

let work: string;
beforeAll(() => {
  ensureAppsBuilt(['apps/cli']);
  work = mkdtempSync(join(tmpdir(), 'lumen-cli-db-'));
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function lumen(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', HOME: work, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const adminUrl = process.env['TEST_DATABASE_URL'];

(adminUrl ? describe : describe.skip)('lumen on a PostgreSQL database that does not exist', () => {
  const name = `lumen_missing_${randomBytes(4).toString('hex')}`;
  const url = new URL(normalizeDatabaseUrl(adminUrl ?? 'postgresql://x/x'));
  url.pathname = `/${name}`;
  const shown = new URL(url);
  if (shown.password) shown.password = '***';

  it.each([[['db', 'migrate']], [['db', 'seed']], [['mcp-clients', 'list']]])(
    '%j names the database and DATABASE_URL in one line, exit code 2',
    async (args) => {
      const result = await lumen(args, { DATABASE_URL: url.toString() });
      expect(result).toEqual({
        code: 2,
        stdout: '',
        stderr:
          `lumen: cannot use the database at ${shown.toString()}: database "${name}" does not exist ` +
          '(SQLSTATE 3D000); check DATABASE_URL and that the server is running\n',
      });
    },
    60_000,
  );

  it('creates no database', async () => {
    const admin = new pg.Client({ connectionString: normalizeDatabaseUrl(adminUrl!) });
    await admin.connect();
    try {
      const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      expect(found.rowCount).toBe(0);
    } finally {
      await admin.end();
    }
  });
});

it('names the data dir when the embedded database cannot be created there, exit code 2', async () => {
  const file = join(work, 'a-file');
  writeFileSync(file, '');
  const result = await lumen(['db', 'migrate'], { LUMEN_DATA_DIR: join(file, 'lumen') });
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toBe(
    `lumen: cannot write the embedded database's folder (ENOTDIR on ${join(file, 'lumen')}); ` +
      'set LUMEN_DATA_DIR to a folder this user can write\n',
  );
}, 60_000);
