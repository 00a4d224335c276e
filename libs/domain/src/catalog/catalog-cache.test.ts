import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';

import { createCatalog, createCatalogCache, createEnrollments } from '../index.js';
import type { Actor, Catalog, CatalogCache } from '../index.js';
import { makeCourse, makeUser } from './test-fixtures.js';

const now = new Date('2025-05-01T10:00:00.000Z');

/** Polls until `check` passes: announcements arrive moments after the commit. */
async function eventually(check: () => Promise<void>, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

describe.each(testDatabases())('remembered catalog pages on %s', (_kind, open) => {
  let db: Db;
  let cache: CatalogCache;
  let cached: Catalog;
  let direct: Catalog;
  beforeAll(async () => {
    db = await open();
    cache = createCatalogCache(db);
    await cache.ready;
    cached = createCatalog({ db, cache });
    direct = createCatalog({ db });
  });
  afterAll(async () => {
    await cache.close();
    await db.close();
  });

  const titles = async (catalog: Catalog, actor: Actor, filter: string) =>
    (await catalog.listCourses(actor, { filter }, now)).courses.map((c) => c.title);

  /** A write the triggers do not see, so only a remembered page can hide it. */
  const silentRename = (slug: string, title: string) =>
    db.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL session_replication_role = replica`;
      await tx.$executeRaw`UPDATE courses SET title = ${title} WHERE slug = ${slug}`;
    });

  it('answers a repeated listing from memory while the change feed is up', async () => {
    const owner = await makeUser(db, 'instructor');
    const learner = await makeUser(db);
    await makeCourse(db, { owner, slug: 'cc-memory', title: 'Quokka basics' });
    // A cache that starts listening after the course's own announcement was sent: on a
    // loaded machine that announcement can reach an older listener after the first
    // listing below and rightly drop it, which is not what this test is about.
    const local = createCatalogCache(db);
    await local.ready;
    expect(local.live()).toBe(true);
    const remembered = createCatalog({ db, cache: local });
    try {
      // Remembered from the second time it is asked for.
      expect(await titles(remembered, learner, 'quokka')).toEqual(['Quokka basics']);
      expect(await titles(remembered, learner, 'quokka')).toEqual(['Quokka basics']);
      await silentRename('cc-memory', 'Quokka basics, renamed quietly');
      expect(await titles(remembered, learner, 'quokka')).toEqual(['Quokka basics']);
      expect(await titles(direct, learner, 'quokka')).toEqual(['Quokka basics, renamed quietly']);
    } finally {
      await local.close();
    }
  });

  it('reads a listing asked for only once from the database, remembering nothing', async () => {
    const owner = await makeUser(db, 'instructor');
    const learner = await makeUser(db);
    await makeCourse(db, { owner, slug: 'cc-once', title: 'Tapir trails' });
    // Listening only after the course's own announcement (see the test above).
    const local = createCatalogCache(db);
    await local.ready;
    const remembered = createCatalog({ db, cache: local });
    try {
      expect(await titles(remembered, learner, 'tapir')).toEqual(['Tapir trails']);
      await silentRename('cc-once', 'Tapir trails, renamed quietly');
      // The first listing was not kept, so the second reads the quiet rename...
      expect(await titles(remembered, learner, 'tapir')).toEqual(['Tapir trails, renamed quietly']);
      await silentRename('cc-once', 'Tapir trails, renamed again');
      // ...and is kept: the third is answered from memory.
      expect(await titles(remembered, learner, 'tapir')).toEqual(['Tapir trails, renamed quietly']);
    } finally {
      await local.close();
    }
  });

  it('drops remembered pages when another writer changes a course, subject or lesson', async () => {
    const owner = await makeUser(db, 'instructor');
    const learner = await makeUser(db);
    await makeCourse(db, {
      owner,
      slug: 'cc-feed',
      title: 'Narwhal tusks',
      subject: { slug: 'cc-marine', name: 'Marine life' },
      modules: [{ title: 'M', lessons: [{ slug: 'cc-feed-1', minutes: 10 }] }],
    });
    const page = () => cached.listCourses(learner, { filter: 'narwhal' }, now);
    expect((await page()).courses[0]).toMatchObject({
      title: 'Narwhal tusks',
      estimatedMinutes: 10,
    });

    await db.sql`UPDATE courses SET title = 'Narwhal tusks, revised' WHERE slug = 'cc-feed'`;
    await eventually(async () => {
      expect((await page()).courses[0]?.title).toBe('Narwhal tusks, revised');
    });
    await db.sql`UPDATE subjects SET name = 'Ocean life' WHERE slug = 'cc-marine'`;
    await eventually(async () => {
      expect((await page()).courses[0]?.subject).toEqual({ slug: 'cc-marine', name: 'Ocean life' });
    });
    await db.sql`UPDATE lessons SET estimated_minutes = 25 WHERE slug = 'cc-feed-1'`;
    await eventually(async () => {
      expect((await page()).courses[0]?.estimatedMinutes).toBe(25);
    });
  });

  it("shows a learner's own enrolment on the very next listing", async () => {
    const owner = await makeUser(db, 'instructor');
    const learner = await makeUser(db);
    await makeCourse(db, { owner, slug: 'cc-enrol', title: 'Axolotl care' });
    const enrollments = createEnrollments({ db, onCatalogChange: () => cache.clear() });

    const before = await cached.listCourses(learner, { filter: 'axolotl' }, now);
    expect(before.courses[0]?.enrolled).toBe(false);
    await enrollments.enroll(learner, 'cc-enrol', now);
    const after = await cached.listCourses(learner, { filter: 'axolotl' }, now);
    expect(after.courses[0]?.enrolled).toBe(true);
  });

  it('keeps pages apart per caller and per argument, and shares none it can be changed through', async () => {
    const owner = await makeUser(db, 'instructor');
    const learner = await makeUser(db);
    await makeCourse(db, { owner, slug: 'cc-own-draft', title: 'Okapi draft', status: 'draft' });
    await makeCourse(db, { owner, slug: 'cc-own-pub', title: 'Okapi published' });

    expect(await titles(cached, owner, 'okapi')).toEqual(
      expect.arrayContaining(['Okapi draft', 'Okapi published']),
    );
    expect(await titles(cached, learner, 'okapi')).toEqual(['Okapi published']);
    const limited = await cached.listCourses(owner, { filter: 'okapi', limit: 1 }, now);
    expect(limited.courses).toHaveLength(1);
    expect(limited.nextCursor).not.toBeNull();

    const page = await cached.listCourses(learner, { filter: 'okapi' }, now);
    expect(() => {
      (page.courses as unknown as Array<{ title: string }>)[0]!.title = 'tampered';
    }).toThrow(TypeError);
    expect(await titles(cached, learner, 'okapi')).toEqual(['Okapi published']);
  });

  it('reads every listing from the database once closed (no feed, no memory)', async () => {
    const owner = await makeUser(db, 'instructor');
    const learner = await makeUser(db);
    await makeCourse(db, { owner, slug: 'cc-closed', title: 'Pangolin scales' });
    const local = createCatalogCache(db);
    await local.ready;
    const catalog = createCatalog({ db, cache: local });
    expect(await titles(catalog, learner, 'pangolin')).toEqual(['Pangolin scales']);
    await local.close();
    expect(local.live()).toBe(false);
    await silentRename('cc-closed', 'Pangolin scales, renamed quietly');
    expect(await titles(catalog, learner, 'pangolin')).toEqual([
      'Pangolin scales, renamed quietly',
    ]);
  });
});
