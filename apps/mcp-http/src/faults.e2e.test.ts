/**
 * Faults, with real processes: the built server is spawned, its database taken away
 * and given back, and the server itself killed with SIGKILL mid-work. Pacing here is
 * wall-clock by necessity (a restarting PostgreSQL cannot be handed a `now`), so the
 * waits are polls with deadlines, never fixed sleeps that decide an outcome.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createClientRegistry } from '@lumen/auth';
import type { MintResult } from '@lumen/auth';
import { createDb } from '@lumen/db';
import type { Db } from '@lumen/db';
import { copyMigratedDataDir, createScratchPostgres } from '@lumen/db/testing';
import { seedDemoData } from '@lumen/domain';
import pg from 'pg';

import { CHEAP_ARGON2, TEST_JWT_SECRET, fetchAccessToken } from '@lumen/mcp-hono/testing';
import { ensureHttpBuilt, spawnHttpServer } from '@lumen/mcp-hono/testing';
import type { HttpProcess } from '@lumen/mcp-hono/testing';
import { privatePostgresUnavailable, startPrivatePostgres } from '@lumen/mcp-hono/testing';
import type { PrivatePostgres } from '@lumen/mcp-hono/testing';
import { rawToolCall } from '@lumen/mcp-hono/testing';
import type { RawToolOutcome } from '@lumen/mcp-hono/testing';
import { startStallingSite } from '@lumen/mcp-hono/testing';

/** Each case starts clusters and processes; far above the preset's 60 s. */
const LONG = 180_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns true; fails after `timeoutMs`. */
async function until(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs = 30_000,
): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await probe()) return Date.now() - started;
    await pause(50);
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms`);
}

interface Seeded {
  learner: MintResult;
  teacher: MintResult;
}

async function seedAndMint(db: Db): Promise<Seeded> {
  await seedDemoData(db, new Date());
  const registry = createClientRegistry({ db, hashParams: CHEAP_ARGON2 });
  return {
    learner: await registry.mint({
      ownerEmail: 'learner@lumen.test',
      name: 'faults learner',
      scopes: '*',
    }),
    teacher: await registry.mint({
      ownerEmail: 'teacher@lumen.test',
      name: 'faults teacher',
      scopes: '*',
    }),
  };
}

const readyStatus = async (server: HttpProcess) => (await fetch(`${server.baseUrl}/readyz`)).status;

describe('PostgreSQL restarted in the middle of load', () => {
  const unavailable = privatePostgresUnavailable();
  const maybe = unavailable ? it.skip : it;
  let cluster: PrivatePostgres | undefined;
  let server: HttpProcess | undefined;

  beforeAll(() => ensureHttpBuilt(), LONG);
  afterAll(async () => {
    await server?.kill('SIGKILL');
    await cluster?.destroy();
  });

  maybe(
    'reports the outage on /readyz, fails calls fast and retryably, and recovers by itself',
    async () => {
      cluster = await startPrivatePostgres();
      const db = await createDb({ url: cluster.adminUrl });
      const { learner } = await seedAndMint(db);
      await db.close();
      server = await spawnHttpServer({
        DATABASE_URL: cluster.adminUrl,
        JWT_SECRET: TEST_JWT_SECRET,
      });
      const token = await fetchAccessToken(server.baseUrl, learner);
      const pid = server.child.pid;

      // A trickle of reads from four callers for the whole test.
      const outcomes: Array<RawToolOutcome & { phase: string }> = [];
      let phase = 'before';
      let running = true;
      const trickle = async () => {
        while (running) {
          const r = await rawToolCall(server!.mcpUrl, token, 'list_my_progress', {}, 20_000);
          outcomes.push({ ...r, phase });
          await pause(25);
        }
      };
      const exerciseOutage = async () => {
        await until('calls succeeding', async () => outcomes.some((o) => o.outcome === 'ok'));
        expect(await readyStatus(server!)).toBe(200);

        await cluster!.stop();
        phase = 'outage';
        await until(
          '/readyz reporting the outage',
          async () => (await readyStatus(server!)) === 503,
          5_000,
        );
        await until(
          'failed calls during the outage',
          async () => outcomes.filter((o) => o.phase === 'outage').length >= 12,
        );

        await cluster!.start();
        phase = 'after';
        const recoveredIn = await until(
          '/readyz ready again',
          async () => (await readyStatus(server!)) === 200,
        );
        await until('calls succeeding again', async () =>
          outcomes.some((o) => o.phase === 'after' && o.outcome === 'ok'),
        );
        return recoveredIn;
      };
      const callers = Array.from({ length: 4 }, () => trickle());
      let recoveredIn = Infinity;
      try {
        recoveredIn = await exerciseOutage();
      } finally {
        // Stop the callers even when a step fails, so a failure cannot leave them spinning.
        running = false;
        await Promise.all(callers);
      }

      const during = outcomes.filter((o) => o.phase === 'outage');

      // Nothing hung and nothing crashed: every outage answer came back within a few seconds…
      expect(Math.max(...during.map((o) => o.ms))).toBeLessThan(6_000);
      // …as the stable, retryable code (a call racing the stop may still have succeeded).
      const failures = during.filter((o) => o.outcome !== 'ok');
      expect(failures.length).toBeGreaterThan(0);
      expect(new Set(failures.map((o) => o.outcome))).toEqual(new Set(['mcp.unavailable']));
      expect(failures.every((o) => o.retryable === true)).toBe(true);
      expect(failures.every((o) => !/ECONNREFUSED|\n\s+at |SELECT/.test(o.body))).toBe(true);
      // The same process served before and after: it recovered on its own.
      expect(server.child.exitCode).toBeNull();
      expect(server.child.pid).toBe(pid);
      expect(recoveredIn).toBeLessThan(30_000);
      const last = outcomes.filter((o) => o.phase === 'after').slice(-4);
      expect(last.every((o) => o.outcome === 'ok')).toBe(true);
    },
    LONG,
  );
});

/** Starts an ingest that will never finish on its own and SIGKILLs the server under it. */
async function killDuringStalledIngest(server: HttpProcess, token: string): Promise<void> {
  const site = await startStallingSite('stall');
  try {
    const call = rawToolCall(
      server.mcpUrl,
      token,
      'ingest_url_to_draft',
      { url: site.url },
      60_000,
    );
    await site.served;
    await server.kill('SIGKILL');
    expect((await call).outcome).toMatch(/^transport:/);
  } finally {
    await site.close();
  }
}

const draftCount = (db: Db) => db.prisma.course.count({ where: { status: 'draft' } });
/** Courses without a single lesson: what a half-written draft would look like. */
const emptyCourses = (db: Db) => db.prisma.course.count({ where: { lessons: { none: {} } } });

describe('SIGKILL during an ingest on PostgreSQL', () => {
  const adminUrl = process.env['TEST_DATABASE_URL'];
  const maybe = adminUrl ? it : it.skip;
  let scratch: { url: string; drop: () => Promise<void> } | undefined;
  let db: Db | undefined;
  let server: HttpProcess | undefined;

  beforeAll(() => ensureHttpBuilt(), LONG);
  afterAll(async () => {
    await server?.kill('SIGKILL');
    await db?.close();
    await scratch?.drop();
  });

  maybe(
    'leaves no half-made draft, whether killed mid-fetch or mid-write',
    async () => {
      scratch = await createScratchPostgres(adminUrl!);
      db = await createDb({ url: scratch.url });
      const { teacher } = await seedAndMint(db);
      const drafts = await draftCount(db);
      const env = {
        DATABASE_URL: scratch.url,
        JWT_SECRET: TEST_JWT_SECRET,
        LUMEN_INGEST_ALLOW_HOSTS: '127.0.0.1',
      };

      server = await spawnHttpServer(env);
      // Restarts keep the port: it is part of the token issuer, so the token stays valid.
      const port = Number(new URL(server.baseUrl).port);
      const token = await fetchAccessToken(server.baseUrl, teacher);
      await killDuringStalledIngest(server, token);

      // Mid-write: a long page, and the kill lands as soon as the server's write transaction is open.
      server = await spawnHttpServer(env, { port });
      const site = await startStallingSite('full', 120);
      const watcher = new pg.Client({ connectionString: scratch.url });
      await watcher.connect();
      try {
        const call = rawToolCall(
          server.mcpUrl,
          token,
          'ingest_url_to_draft',
          { url: site.url },
          60_000,
        );
        let caughtMidWrite = false;
        const settled = call.then(() => undefined);
        let done = false;
        void settled.then(() => (done = true));
        while (!done && !caughtMidWrite) {
          const { rows } = await watcher.query<{ n: string }>(
            `SELECT count(*) AS n FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid()
              AND xact_start IS NOT NULL AND query ILIKE '%lesson%'`,
          );
          caughtMidWrite = Number(rows[0]?.n ?? 0) > 0;
        }
        await server.kill('SIGKILL');
        const outcome = await call;
        // Either the kill landed inside the transaction, or the ingest won the race and committed a whole draft.
        expect(outcome.outcome).toMatch(caughtMidWrite ? /^transport:/ : /^(ok|transport:.*)$/);
        const expected = outcome.outcome === 'ok' ? drafts + 1 : drafts;
        server = await spawnHttpServer(env, { port });
        expect(await draftCount(db)).toBe(expected);
        expect(await emptyCourses(db)).toBe(0);
      } finally {
        await watcher.end();
        await site.close();
      }
    },
    LONG,
  );
});

describe('a crashed embedded-database process', () => {
  let dataDir: string;
  let server: HttpProcess | undefined;

  beforeAll(() => ensureHttpBuilt(), LONG);
  afterAll(async () => {
    await server?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'opens cleanly on the next start, with committed data intact and no half-made draft',
    async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'lumen-faults-embedded-'));
      await copyMigratedDataDir(dataDir);
      const seedDb = await createDb({ dataDir });
      const { learner, teacher } = await seedAndMint(seedDb);
      const drafts = await draftCount(seedDb);
      await seedDb.close();
      const env = {
        LUMEN_DATA_DIR: dataDir,
        JWT_SECRET: TEST_JWT_SECRET,
        LUMEN_INGEST_ALLOW_HOSTS: '127.0.0.1',
      };

      server = await spawnHttpServer(env);
      const learnerToken = await fetchAccessToken(server.baseUrl, learner);
      const due = await rawToolCall(server.mcpUrl, learnerToken, 'list_my_due_reviews', {
        limit: 1,
      });
      const cardId = (
        JSON.parse(due.body) as {
          result: { structuredContent: { cards: Array<{ cardId: string }> } };
        }
      ).result.structuredContent.cards[0]!.cardId;
      const graded = await rawToolCall(server.mcpUrl, learnerToken, 'grade_review_card', {
        card_id: cardId,
        rating: 3,
      });
      expect(graded.outcome).toBe('ok');

      const teacherToken = await fetchAccessToken(server.baseUrl, teacher);
      await killDuringStalledIngest(server, teacherToken);

      // The dead process's lock is taken over; the grade committed before the crash is still there.
      server = await spawnHttpServer(env, { port: Number(new URL(server.baseUrl).port) });
      expect(await readyStatus(server)).toBe(200);
      const again = await rawToolCall(server.mcpUrl, learnerToken, 'grade_review_card', {
        card_id: cardId,
        rating: 3,
      });
      expect(again.outcome).toBe('ok');
      await server.kill('SIGTERM');

      const reopened = await createDb({ dataDir });
      try {
        expect(await reopened.prisma.reviewLog.count({ where: { cardId } })).toBeGreaterThanOrEqual(
          2,
        );
        expect(await draftCount(reopened)).toBe(drafts);
        expect(await emptyCourses(reopened)).toBe(0);
      } finally {
        await reopened.close();
      }
    },
    LONG,
  );
});
