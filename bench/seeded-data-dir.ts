/**
 * Bench support: a fresh embedded data dir with the demo data and one minted learner
 * client, made with the built `lumen` CLI as a user would.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export function prepareDataDir(prefix: string): { dir: string; secret: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const env: NodeJS.ProcessEnv = { ...process.env, LUMEN_DATA_DIR: dir };
  delete env['DATABASE_URL'];
  const cli = `${ROOT}apps/cli/dist/main.js`;
  execFileSync(process.execPath, [cli, 'db', 'seed'], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const out = execFileSync(
    process.execPath,
    [cli, 'mcp-token', '--owner-email', 'learner@lumen.test', '--name', 'bench'],
    {
      env,
      encoding: 'utf8',
    },
  );
  const secret = /^client_secret=(\S+)$/m.exec(out)?.[1];
  if (!secret) throw new Error('lumen mcp-token printed no client_secret');
  return { dir, secret };
}
