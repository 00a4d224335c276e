/**
 * Hostile pages through the built HTTP server (apps/mcp-http/dist, spawned), on the
 * embedded database and on PostgreSQL (issue 17): a page nested thousands deep is
 * refused with mcp.ingest.too_complex while /healthz keeps answering, a body without
 * HTML is mcp.ingest.empty, an IPv6 address hiding a loopback IPv4 address is
 * mcp.ingest.blocked_address, and an ordinary page still imports through the worker
 * thread the bundle starts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createClientRegistry } from '@lumen/auth';
import type { MintResult } from '@lumen/auth';
import { createDb } from '@lumen/db';
import { copyMigratedDataDir, createScratchPostgres } from '@lumen/db/testing';
import { seedDemoData } from '@lumen/domain';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';

import { CHEAP_ARGON2, TEST_JWT_SECRET } from '@lumen/mcp-hono/testing';
import { ensureHttpBuilt, spawnHttpServer } from '@lumen/mcp-hono/testing';
import type { HttpProcess } from '@lumen/mcp-hono/testing';
import { connectHttpClient } from '@lumen/mcp-hono/testing';
import { callFailure, callOk } from '@lumen/mcp-hono/testing';
import { HOSTILE_ARTICLE_TITLE, startHostileSite } from '@lumen/mcp-hono/testing';
import type { HostileSite } from '@lumen/mcp-hono/testing';

const LONG = 180_000;

interface Database {
  env: Record<string, string>;
  drop(): Promise<void>;
}

async function embedded(): Promise<Database> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lumen-hostile-'));
  await copyMigratedDataDir(dataDir);
  return {
    env: { LUMEN_DATA_DIR: dataDir },
    drop: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

async function postgres(adminUrl: string): Promise<Database> {
  const scratch = await createScratchPostgres(adminUrl, { migrated: true });
  return { env: { DATABASE_URL: scratch.url }, drop: scratch.drop };
}

const adminUrl = process.env['TEST_DATABASE_URL'];
const variants: Array<[string, () => Promise<Database>]> = [['embedded database', embedded]];
if (adminUrl) variants.push(['PostgreSQL', () => postgres(adminUrl)]);

async function seedTeacher(env: Record<string, string>): Promise<MintResult> {
  const db = await createDb(
    env['DATABASE_URL'] ? { url: env['DATABASE_URL'] } : { dataDir: env['LUMEN_DATA_DIR'] },
  );
  try {
    await seedDemoData(db, new Date());
    return await createClientRegistry({ db, hashParams: CHEAP_ARGON2 }).mint({
      ownerEmail: 'teacher@lumen.test',
      name: 'hostile pages',
      scopes: '*',
    });
  } finally {
    await db.close();
  }
}

/**
 * Probes /healthz back to back from a separate process (as a load balancer would, so
 * the test's own MCP client work is not in the measurement), starts `work` once the
 * probes run, and probes on until it settles.
 * Every latency measured, in ms: request sent to whole answer read, over a kept-alive
 * connection.
 */
async function healthDuring<T>(baseUrl: string, work: () => Promise<T>): Promise<[T, number[]]> {
  const prober = spawn(process.execPath, ['-e', PROBER, `${baseUrl}/healthz`], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let output = '';
  prober.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => prober.once('exit', () => resolve()));
  await new Promise<void>((resolve) => prober.stdout.once('data', () => resolve()));
  try {
    const result = await work();
    prober.stdin.end();
    await exited;
    const latencies = output
      .split('\n')
      .filter((line) => /^\d/.test(line))
      .map(Number);
    return [result, latencies];
  } finally {
    prober.kill();
  }
}

/** The prober: prints "ready", then one latency per line until its stdin closes. */
const PROBER = `
const { Agent, request } = require('node:http');
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
let running = true;
process.stdin.on('end', () => (running = false)).resume();
const probe = () => new Promise((resolve, reject) => {
  const started = performance.now();
  request(process.argv[1], { agent }, (res) => {
    res.resume();
    res.on('end', () => res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(String(res.statusCode))));
  }).on('error', reject).end();
});
(async () => {
  await probe();
  process.stdout.write('ready\\n');
  while (running) {
    process.stdout.write((await probe()).toFixed(1) + '\\n');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  agent.destroy();
})();
`;

describe.each(variants)('hostile pages through the built HTTP server on the %s', (_kind, make) => {
  let database: Database;
  let site: HostileSite;
  let server: HttpProcess;
  let client: Client;

  beforeAll(async () => {
    ensureHttpBuilt();
    database = await make();
    site = await startHostileSite();
    const teacher = await seedTeacher(database.env);
    server = await spawnHttpServer({
      ...database.env,
      JWT_SECRET: TEST_JWT_SECRET,
      // Only the hostile site's port on loopback: host:port entries (issue 17).
      LUMEN_INGEST_ALLOW_HOSTS: `127.0.0.1:${site.port}`,
    });
    ({ client } = await connectHttpClient(server, teacher));
    // A server's first import loads and compiles code on first use (tool modules, the
    // database's queries); the probe below measures an import on a warmed server.
    await callOk(client, 'ingest_url_to_draft', { url: `${site.base}/article` });
  }, LONG);
  afterAll(async () => {
    await client?.close();
    await server?.kill();
    await site?.close();
    await database?.drop();
  });

  it(
    'refuses a page nested 5,000 deep with mcp.ingest.too_complex while /healthz answers within 100 ms',
    async () => {
      const [failure, latencies] = await healthDuring(server.baseUrl, () =>
        callFailure(client, 'ingest_url_to_draft', { url: `${site.base}/deep/5000` }),
      );
      expect(failure.code).toBe('mcp.ingest.too_complex');
      expect(failure.text).toMatch(/nests elements more than 256 deep/);
      expect(latencies.length).toBeGreaterThanOrEqual(3);
      expect(Math.max(...latencies)).toBeLessThan(100);
    },
    LONG,
  );

  it.each([2_000, 20_000])(
    'refuses a page nested %i deep with mcp.ingest.too_complex',
    async (depth) => {
      const failure = await callFailure(client, 'ingest_url_to_draft', {
        url: `${site.base}/deep/${depth}`,
      });
      expect(failure.code).toBe('mcp.ingest.too_complex');
    },
    LONG,
  );

  it.each(['/body/empty', '/body/text'])(
    'answers %s with mcp.ingest.empty',
    async (path) => {
      const failure = await callFailure(client, 'ingest_url_to_draft', {
        url: `${site.base}${path}`,
      });
      expect(failure.code).toBe('mcp.ingest.empty');
    },
    LONG,
  );

  it.each([
    'http://[::127.0.0.1]/',
    'http://[64:ff9b:1::7f00:1]/',
    'http://[2002:7f00:1::1]/',
    `${'/redirect?to='}${encodeURIComponent('http://[::ffff:0:127.0.0.1]/')}`,
  ])(
    'refuses %s with mcp.ingest.blocked_address',
    async (target) => {
      const url = target.startsWith('/') ? `${site.base}${target}` : target;
      const failure = await callFailure(client, 'ingest_url_to_draft', { url });
      expect(failure.code).toBe('mcp.ingest.blocked_address');
      // The refusal names the setting that would allow an internal host.
      expect(failure.text).toMatch(
        /such addresses are not fetched\. A server operator can allow an internal host with LUMEN_INGEST_ALLOW_HOSTS\.$/,
      );
    },
    LONG,
  );

  it(
    'imports an ordinary page through the bundle’s HTML worker',
    async () => {
      const result = (await callOk(client, 'ingest_url_to_draft', {
        url: `${site.base}/article`,
      })) as { source: { title: string } };
      expect(result.source.title).toBe(HOSTILE_ARTICLE_TITLE);
    },
    LONG,
  );
});
