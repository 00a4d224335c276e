// Runs after `npm install` / `npm ci`: generates the Prisma client (offline, see
// prisma.config.ts), embeds the SQL migrations and the ingest's HTML worker, and bundles the three apps so the
// `lumen` and `lumen-mcp` commands work straight away. Outputs are git-ignored.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = (args) =>
  execFileSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });

if (!existsSync(`${root}node_modules/prisma`)) process.exit(0); // installed as a dependency elsewhere
run([`${root}node_modules/prisma/build/index.js`, 'generate']);
run([`${root}tools/gen-migrations.mjs`]);
run([`${root}tools/gen-html-worker.mjs`]);
for (const app of ['apps/cli', 'apps/mcp-http', 'apps/mcp-stdio'])
  run([`${root}tools/build-app.mjs`, app]);
