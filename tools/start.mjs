// `npm start`: the HTTP server on the embedded database (or DATABASE_URL), migrated and
// seeded with the demo data. Builds the apps first if they are missing.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const node = (args, opts = {}) =>
  spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', ...opts });

for (const app of ['apps/cli', 'apps/mcp-http']) {
  if (!existsSync(`${root}${app}/dist/main.js`)) node([`${root}tools/build-app.mjs`, app]);
}
const seeded = node([`${root}apps/cli/dist/main.js`, 'db', 'seed'], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (seeded.status !== 0) process.exit(seeded.status ?? 1);
const port = process.env.PORT ?? '8001';
process.stderr.write(
  `\nLumen is starting on http://localhost:${port} (MCP endpoint /mcp) with demo data.\n` +
    'Mint a client:  npx lumen mcp-token --owner-email learner@lumen.test --name "My laptop"\n' +
    'Or point an OAuth MCP client at /mcp and sign in as learner@lumen.test / lumen-demo-password\n\n',
);
const server = spawn(
  process.execPath,
  ['--enable-source-maps', `${root}apps/mcp-http/dist/main.js`],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
