// Runs the README's local-use commands, in the README's order, as a newcomer would after
// the single `npm install` (CI's `npm ci`): `npm start` serving in the background, then
// `npx lumen mcp-token …` while it serves, then the Claude Desktop stdio command driven
// by the MCP SDK's client on the same data dir, then `npx lumen mcp-clients list` and
// `revoke` while that client is connected. Exits non-zero at the first step that breaks.
//
//   node tools/readme-walkthrough.mjs        (PORT defaults to 8001, as in the README)
//
// - Every command runs with HOME set to a fresh temporary folder (and LUMEN_DATA_DIR,
//   XDG_DATA_HOME, DATABASE_URL unset), so the commands use the README's DEFAULT data dir
//   (~/.local/share/lumen under that HOME) exactly as written, while the machine's real
//   home stays untouched. The folder is removed at the end.
// - Each command is checked to appear in README.md in this order, so the README and
//   this walkthrough cannot drift apart silently.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = process.env.PORT ?? '8001';
const log = (line) => process.stderr.write(`readme-walkthrough: ${line}\n`);
const fail = (message) => {
  throw new Error(message);
};

const STDIO_ENTRY = 'apps/mcp-stdio/dist/main.js';
/** The README text of each step, in the order the README gives them. */
const STEPS = {
  start: 'npm install && npm start',
  mint: 'npx lumen mcp-token --owner-email learner@lumen.test --name "My laptop" --scopes "*"',
  stdio: `"args": ["/absolute/path/to/lumen/${STDIO_ENTRY}", "--transport", "stdio"]`,
};
/** Client management, which the README lists with mcp-token; run here while connected. */
const MANAGE = ['npx lumen mcp-clients list', 'npx lumen mcp-clients revoke lmc_'];

function checkReadme() {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  let from = 0;
  for (const [name, text] of Object.entries(STEPS)) {
    const at = readme.indexOf(text, from);
    if (at < 0) fail(`README.md no longer has the "${name}" step after the previous one: ${text}`);
    from = at + text.length;
  }
  for (const text of MANAGE) if (!readme.includes(text)) fail(`README.md no longer has: ${text}`);
}

const home = mkdtempSync(join(tmpdir(), 'lumen-readme-'));
const env = { ...process.env, HOME: home, PORT: port };
for (const name of ['LUMEN_DATA_DIR', 'XDG_DATA_HOME', 'DATABASE_URL', 'LUMEN_MCP_AUTH_TOKEN'])
  delete env[name];

/** `npx lumen …` as typed in a terminal at the repository root. */
function lumen(args) {
  const result = spawnSync('npx', ['--no-install', 'lumen', ...args], {
    cwd: root,
    env,
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (result.status !== 0)
    fail(`npx lumen ${args.join(' ')} exited ${result.status}:\n${result.stderr}`);
  return result.stdout;
}

async function waitHealthy(server) {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) fail(`npm start exited with ${server.exitCode}`);
    try {
      if ((await fetch(`http://localhost:${port}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  fail(`npm start did not answer on http://localhost:${port}/healthz within 300 s`);
}

const textOf = (result) => result.content.map((c) => c.text ?? '').join('');

let server;
let client;
try {
  checkReadme();

  log(`npm start (HOME=${home}, port ${port})`);
  // Its own process group, so that npm and the server it spawns stop together.
  server = spawn('npm', ['start'], { cwd: root, env, stdio: 'inherit', detached: true });
  await waitHealthy(server);

  log('npx lumen mcp-token … while the server runs');
  const minted = lumen([
    'mcp-token',
    '--owner-email',
    'learner@lumen.test',
    '--name',
    'My laptop',
    '--scopes',
    '*',
  ]);
  const field = (name) => new RegExp(`^${name}=(\\S+)$`, 'm').exec(minted)?.[1];
  const clientId = field('client_id') ?? fail('mcp-token printed no client_id');
  const secret = field('client_secret') ?? fail('mcp-token printed no client_secret');

  log('the stdio server from the Claude Desktop config, through the MCP SDK client');
  client = new Client({ name: 'readme-walkthrough', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({
      command: 'node',
      args: [join(root, STDIO_ENTRY), '--transport', 'stdio'],
      env: { PATH: env.PATH ?? '', HOME: home, LUMEN_MCP_AUTH_TOKEN: secret },
      stderr: 'inherit',
    }),
  );
  const { tools } = await client.listTools();
  if (tools.length !== 9) fail(`the stdio server listed ${tools.length} tools, not 9`);
  const courses = await client.callTool({ name: 'list_courses', arguments: {} });
  if (courses.isError) fail(`list_courses failed: ${textOf(courses)}`);

  log('npx lumen mcp-clients list / revoke while the stdio client is connected');
  if (!lumen(['mcp-clients', 'list']).includes(clientId))
    fail(`mcp-clients list does not show ${clientId}`);
  lumen(['mcp-clients', 'revoke', clientId]);
  const refused = await client.callTool({ name: 'list_courses', arguments: {} });
  if (!refused.isError || !textOf(refused).startsWith('mcp.client_revoked'))
    fail(`the connected client was not refused after revoke: ${textOf(refused)}`);

  log('every step worked');
} finally {
  await client?.close().catch(() => undefined);
  if (server?.pid && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    process.kill(-server.pid, 'SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  }
  rmSync(home, { recursive: true, force: true });
}
