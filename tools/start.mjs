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
const banner =
  `\nLumen is running on http://localhost:${port} (MCP endpoint /mcp) with demo data.\n` +
  'Mint a client:  npx lumen mcp-token --owner-email learner@lumen.test --name "My laptop"\n' +
  'Or point an OAuth MCP client at /mcp and sign in as learner@lumen.test / lumen-demo-password\n\n';
const server = spawn(
  process.execPath,
  ['--enable-source-maps', `${root}apps/mcp-http/dist/main.js`],
  {
    cwd: root,
    stdio: ['inherit', 'inherit', 'pipe'],
  },
);
// The server's log passes through; the banner follows its `http.listening` line, so a
// server that cannot start (port taken, …) shows only its one-line reason.
// With LUMEN_LOG_LEVEL above info that line is not logged: the banner comes first then.
let announced = ['warn', 'error'].includes(process.env.LUMEN_LOG_LEVEL ?? '');
if (announced) process.stderr.write(banner);
let partial = '';
server.stderr.on('data', (chunk) => {
  process.stderr.write(chunk);
  if (announced) return;
  const text = partial + chunk.toString('utf8');
  partial = text.slice(text.lastIndexOf('\n') + 1);
  if (text.includes('"msg":"http.listening"')) {
    announced = true;
    process.stderr.write(banner);
  }
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
