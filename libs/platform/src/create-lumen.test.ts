import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from '@jest/globals';
import { createScratchPostgres } from '@lumen/db/testing';
import { seedDemoData } from '@lumen/domain';

import { ConfigError, createLogger, createLumen, LumenError } from './index.js';
import type { Actor, CreateLumenOptions, Lumen } from './index.js';

/** A place to keep data, as an outside service would give it; dropped afterwards. */
type Location = { options: CreateLumenOptions; cleanup: () => Promise<void> };

function locations(): Array<[string, () => Promise<Location>]> {
  const out: Array<[string, () => Promise<Location>]> = [
    [
      'pglite',
      async () => {
        const dir = await mkdtemp(join(tmpdir(), 'lumen-platform-'));
        return {
          options: { dataDir: join(dir, 'data') },
          cleanup: () => rm(dir, { recursive: true, force: true }),
        };
      },
    ],
  ];
  const adminUrl = process.env['TEST_DATABASE_URL'];
  if (adminUrl)
    out.push([
      'postgres',
      async () => {
        const scratch = await createScratchPostgres(adminUrl);
        return { options: { databaseUrl: scratch.url }, cleanup: scratch.drop };
      },
    ]);
  return out;
}

const now = new Date('2026-03-02T09:00:00.000Z');
const COURSE = 'how-cells-make-energy';
const logLines: string[] = [];
const logger = createLogger({ level: 'debug', write: (line) => void logLines.push(line) });
const env = { FSRS_ENABLE_FUZZ: 'false' };

describe.each(locations())('createLumen on %s', (_kind, makeLocation) => {
  let location: Location;
  const opened: Lumen[] = [];
  const open = async (extra: Partial<CreateLumenOptions> = {}) => {
    const lumen = await createLumen({
      ...location.options,
      env,
      logger,
      ...extra,
    } as CreateLumenOptions);
    opened.push(lumen);
    return lumen;
  };
  afterAll(async () => {
    for (const lumen of opened) await lumen.close();
    await location?.cleanup();
  });

  it('enrols a learner, grades a card and searches; after close and reopen the data is there', async () => {
    location = await makeLocation();
    const lumen = await open();
    await seedDemoData(lumen.db, now);
    const user = await lumen.db.prisma.user.create({
      data: { email: 'outside@example.com', displayName: 'Outside Learner', role: 'learner' },
    });
    const actor: Actor = { userId: user.id, role: 'learner' };

    const enrolled = await lumen.enrollments.enroll(actor, COURSE, now);
    expect(enrolled).toMatchObject({ courseSlug: COURSE, newlyEnrolled: true });
    expect(enrolled.cardsCreated).toBeGreaterThan(0);

    const due = await lumen.reviews.listDue(actor, { limit: 50 }, now);
    expect(due).toHaveLength(enrolled.cardsCreated);
    const card = due[0]!;
    const graded = await lumen.reviews.grade(actor, { cardId: card.cardId, rating: 3 }, now);
    expect(graded).toMatchObject({ cardId: card.cardId, rating: 3 });
    expect(Date.parse(graded.due)).toBeGreaterThan(now.getTime());

    const found = await lumen.search.search(
      { actor, courseSlug: COURSE, query: 'ATP synthase mitochondria', feature: 'outside.search' },
      now,
    );
    expect(found.course.slug).toBe(COURSE);
    expect(found.hits.length).toBeGreaterThan(0);
    expect(found.hits[0]!.text).toMatch(/ATP/);

    // The tutor: access in one statement, its search audited, its model call logged.
    const asked = await lumen.tutor.ask(
      actor,
      { courseSlug: COURSE, question: 'What does ATP synthase do in the mitochondria?' },
      {},
      now,
    );
    expect(asked.covered).toBe(true);
    expect(asked.citations.length).toBeGreaterThan(0);
    const notEnrolled = lumen.tutor.ask(
      actor,
      { courseSlug: 'foundations-of-western-harmony', question: 'What is a cadence?' },
      {},
      now,
    );
    await expect(notEnrolled).rejects.toMatchObject({ code: 'mcp.tutor.not_enrolled' });
    await expect(
      lumen.tutor.ask(actor, { courseSlug: 'no-such-course', question: 'Why?' }, {}, now),
    ).rejects.toMatchObject({ code: 'mcp.course.not_found' });

    // The tools' own error codes, as LumenError.
    const missing = lumen.enrollments.enroll(actor, 'no-such-course', now);
    await expect(missing).rejects.toBeInstanceOf(LumenError);
    await expect(missing).rejects.toMatchObject({ code: 'mcp.course.not_found' });

    await lumen.close();
    await lumen.close(); // idempotent

    const again = await open();
    expect(await again.enrollments.enroll(actor, COURSE, now)).toMatchObject({
      newlyEnrolled: false,
      cardsCreated: 0,
    });
    const stillDue = await again.reviews.listDue(actor, { limit: 50 }, now);
    expect(stillDue.map((c) => c.cardId)).not.toContain(card.cardId);
    expect(stillDue).toHaveLength(due.length - 1);
    expect(await again.db.prisma.reviewLog.count({ where: { userId: user.id } })).toBe(1);
    // Audits and model calls are written in batches; closing wrote every one, once.
    const audits = await again.db.prisma.retrievalAudit.findMany({
      where: { userId: user.id },
      orderBy: { createdAt: 'asc' },
    });
    expect(audits.map((a) => [a.id, a.feature]).sort()).toEqual(
      [
        [found.retrievalAuditId, 'outside.search'],
        [asked.retrievalAuditId, 'mcp.ask_tutor'],
      ].sort(),
    );
    const calls = await again.db.prisma.llmCallLog.findMany({ where: { userId: user.id } });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      feature: 'mcp.ask_tutor',
      status: 'ok',
      retrievalAuditId: asked.retrievalAuditId,
    });
    const [client] = (await again.clients.list()).filter((c) => c.ownerEmail === user.email);
    expect(client).toBeUndefined();
    await again.close();
    // Two opens, the demo seed and a tutor question on PGlite: past the 60 s default on a busy machine.
  }, 180_000);

  it('runs the tutor with its topic check unless LUMEN_TUTOR_TOPIC_CHECK=off', async () => {
    // The seeded data of the first test. "search" names sections of the indexing course;
    // the question is about flights.
    const question = 'How do I search for cheap flights to Spain?';
    const ask = async (lumen: Lumen) => {
      const admin = await lumen.db.prisma.user.findUniqueOrThrow({
        where: { email: 'admin@lumen.test' },
      });
      const actor: Actor = { userId: admin.id, role: 'admin' };
      const courseSlug = 'database-indexing-in-postgresql';
      return (await lumen.tutor.ask(actor, { courseSlug, question }, {}, now)).covered;
    };
    const checked = await open();
    expect(await ask(checked)).toBe(false);
    await checked.close();
    const unchecked = await open({ env: { ...env, LUMEN_TUTOR_TOPIC_CHECK: 'off' } });
    expect(await ask(unchecked)).toBe(true);
    await unchecked.close();
  }, 120_000);

  it('with migrate: false opens without migrating, and lumen.migrate() brings the schema up', async () => {
    const fresh = await makeLocation();
    const visitor: Actor = { userId: randomUUID(), role: 'learner' };
    try {
      const lumen = await createLumen({ ...fresh.options, env, logger, migrate: false });
      try {
        await expect(lumen.catalog.listCourses(visitor, {}, now)).rejects.toThrow();
        const result = await lumen.migrate();
        // The same database, reached through a second connection.
        expect(result.location.startsWith(lumen.db.location.replace(/\)$/, ''))).toBe(true);
        const page = await lumen.catalog.listCourses(visitor, {}, now);
        expect(page.courses).toEqual([]);
      } finally {
        await lumen.close();
      }
    } finally {
      await fresh.cleanup();
    }
  });
});

describe('createLumen refuses bad options with ConfigError', () => {
  const refusal = (options: unknown) => createLumen(options as CreateLumenOptions);

  it.each([
    [{}, /needs databaseUrl \(PostgreSQL\) or dataDir/],
    [{ databaseUrl: 'postgresql://h/db', dataDir: '/tmp/x' }, /not both/],
    [{ databaseUrl: 'mysql://h/db' }, /databaseUrl: expected a postgresql:\/\/ URL/],
    [{ dataDir: '' }, /dataDir: expected a non-empty string/],
    [{ dataDir: 42 }, /dataDir: expected a non-empty string/],
    [
      { dataDir: '/tmp/never-opened', env: { FSRS_DESIRED_RETENTION: '2' } },
      /FSRS_DESIRED_RETENTION/,
    ],
    [{ dataDir: '/tmp/never-opened', env: { LLM_PROVIDER: 'gpt' } }, /LLM_PROVIDER/],
  ])('%j', async (options, message) => {
    const attempt = refusal(options);
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toMatchObject({ code: 'config.invalid' });
    await expect(attempt).rejects.toThrow(message);
  });

  it('lets databaseUrl/dataDir win over DATABASE_URL/LUMEN_DATA_DIR in env', async () => {
    const attempt = refusal({
      databaseUrl: 'mysql://h/db',
      env: { LUMEN_DATA_DIR: '/tmp/ignored' },
    });
    await expect(attempt).rejects.toThrow(/postgresql:\/\//);
  });
});
