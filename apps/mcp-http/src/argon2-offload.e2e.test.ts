/**
 * argon2 off the event loop, in the BUILT server (the esbuild bundle operators run):
 * while twenty clients exchange their secrets at the production argon2 cost, health
 * checks keep answering. The issue asks for this one wall-clock bound; it is generous
 * (see BOUND_MS).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

import { createClientRegistry } from '@lumen/auth';
import type { MintResult } from '@lumen/auth';
import { createDb } from '@lumen/db';
import { copyMigratedDataDir, createScratchPostgres } from '@lumen/db/testing';

import { TEST_JWT_SECRET, fetchAccessToken } from '@lumen/mcp-hono/testing';
import { ensureHttpBuilt, spawnHttpServer } from '@lumen/mcp-hono/testing';
import type { HttpProcess } from '@lumen/mcp-hono/testing';

const LONG = 180_000;

interface Target {
  /** Environment that points the spawned server at the database. */
  env: Record<string, string>;
  open: () => ReturnType<typeof createDb>;
  dispose: () => Promise<void>;
}

async function pgliteTarget(): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lumen-argon2-offload-'));
  await copyMigratedDataDir(dataDir);
  return {
    env: { LUMEN_DATA_DIR: dataDir },
    open: () => createDb({ dataDir }),
    dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

async function postgresTarget(adminUrl: string): Promise<Target> {
  const scratch = await createScratchPostgres(adminUrl, { migrated: true });
  return {
    env: { DATABASE_URL: scratch.url },
    open: () => createDb({ url: scratch.url }),
    dispose: scratch.drop,
  };
}

const adminUrl = process.env['TEST_DATABASE_URL'];
/**
 * Bounds on the slow /healthz answers. Today's main (argon2 on the event loop)
 * measured up to 785 ms (PGlite) and 880 ms (PostgreSQL) on a loaded 2-core machine,
 * with many probes during the burst above 500 ms. The embedded database runs its SQL
 * on the event loop too, so a burst of token requests still costs it their lookups:
 * its bound is wider.
 */
const BOUND_MS = { pglite: 500, postgres: 250 };

const kinds: Array<[keyof typeof BOUND_MS, () => Promise<Target>]> = [
  ['pglite', pgliteTarget],
  ...(adminUrl
    ? [
        ['postgres', () => postgresTarget(adminUrl)] as [
          keyof typeof BOUND_MS,
          () => Promise<Target>,
        ],
      ]
    : []),
];

/**
 * Polls /healthz from a thread of its own, so the latencies measure the server and not
 * this process's event loop, busy sending the twenty token requests.
 */
async function startHealthProbe(url: string): Promise<{ stop: () => Promise<number[]> }> {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const latencies = [];
     let done = false;
     parentPort.once('message', () => { done = true; });
     (async () => {
       await (await fetch(workerData.url)).text(); // warm: the thread's first fetch is slow
       parentPort.postMessage('ready');
       while (!done) {
         const started = performance.now();
         const res = await fetch(workerData.url);
         await res.text();
         latencies.push(res.status === 200 ? performance.now() - started : Infinity);
         await new Promise((resolve) => setTimeout(resolve, 10));
       }
       parentPort.postMessage(latencies);
     })();`,
    { eval: true, workerData: { url } },
  );
  await new Promise((resolve) => worker.once('message', resolve));
  return {
    stop: async () => {
      const result = new Promise<number[]>((resolve) => worker.once('message', resolve));
      worker.postMessage('stop');
      const latencies = await result;
      await worker.terminate();
      return latencies;
    },
  };
}

describe.each(kinds)('the built HTTP server on %s, checking secrets', (kind, makeTarget) => {
  let target: Target;
  let server: HttpProcess | undefined;
  let client: MintResult;

  beforeAll(async () => {
    ensureHttpBuilt();
    target = await makeTarget();
    const db = await target.open();
    await db.prisma.user.create({
      data: { email: 'owner@lumen.test', displayName: 'Owner', role: 'learner' },
    });
    // The production cost (OWASP): verification reads the cost back from this hash.
    client = await createClientRegistry({ db }).mint({
      ownerEmail: 'owner@lumen.test',
      name: 'offload',
      scopes: '*',
    });
    await db.close();
    server = await spawnHttpServer({ ...target.env, JWT_SECRET: TEST_JWT_SECRET });
  }, LONG);
  afterAll(async () => {
    await server?.kill('SIGKILL');
    await target?.dispose();
  });

  it(
    'keeps /healthz answering while 20 clients exchange secrets at once',
    async () => {
      const { baseUrl } = server!;
      const exchange = () => fetchAccessToken(baseUrl, client); // throws unless 200
      // Warm up: both argon2 threads started, the code paths compiled.
      await Promise.all([exchange(), exchange()]);
      const probe = await startHealthProbe(`${baseUrl}/healthz`);
      const tokens = await Promise.all(Array.from({ length: 20 }, exchange));
      const latencies = await probe.stop();
      expect(tokens).toHaveLength(20);
      expect(latencies.length).toBeGreaterThan(0);
      // All but the slowest probe: one scheduler stall on a loaded machine is not the
      // event loop being blocked; on main, most probes during the burst were over.
      const [, secondSlowest = 0] = [...latencies].sort((a, b) => b - a);
      expect(secondSlowest).toBeLessThan(BOUND_MS[kind]);
    },
    LONG,
  );
});
