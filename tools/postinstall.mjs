// Runs after `npm install` / `npm ci`: generates the Prisma client (offline, see
// prisma.config.ts) and embeds the SQL migrations. Both outputs are git-ignored.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
if (existsSync(`${root}node_modules/.bin/prisma`)) {
  execFileSync(`${root}node_modules/.bin/prisma`, ['generate'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
execFileSync(process.execPath, [`${root}tools/gen-migrations.mjs`], { cwd: root, stdio: 'inherit' });
