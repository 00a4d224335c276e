import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';
import type { Actor, Search } from '../../index.js';
import { createSearch, LumenError, reindexLesson } from '../../index.js';
import { genericLexemes, rankLexical } from './lexical-ranking.js';
import { loadHits } from './load-hits.js';

const CLOSURES = `
## What a closure is
A closure is a function bundled together with references to its surrounding state, the lexical environment.
In JavaScript, closures are created every time a function is created, at function creation time.

## Capturing variables
An inner function keeps access to the variables of the enclosing scope even after the outer function has returned.
Each call of the outer function creates a fresh set of captured variables, so counters made this way are independent.

## Loops and var
Declaring the loop counter with var shares one binding across iterations; with let, every iteration gets its own binding.
`;

const GARDENING = `
## Watering tomatoes
Tomatoes need deep watering twice a week; shallow watering leads to weak roots and cracked fruit.

## Capturing rainwater
A rain barrel captures runoff from the roof so the garden can be watered during dry spells.
`;

const LONG = `## Long read\n\n${Array.from({ length: 12 }, (_, i) => `Filler sentence number ${i} talks about nothing in particular.`).join(' ')} The hidden keyword zanzibar appears only here. ${Array.from({ length: 6 }, (_, i) => `Closing sentence ${i} rounds things off.`).join(' ')}`;

interface Fixture {
  owner: Actor;
  admin: Actor;
  learner: Actor;
  courseId: string;
}

async function createCourse(
  db: Db,
  slug: string,
  ownerId: string,
  status: 'draft' | 'published',
  lessons: string[][],
) {
  const course = await db.prisma.course.create({
    data: { slug, title: `Course ${slug}`, summary: '', ownerId, status },
  });
  const module = await db.prisma.module.create({
    data: { courseId: course.id, position: 0, title: 'M' },
  });
  for (const [position, [lessonSlug, title, content]] of lessons.entries()) {
    const lesson = await db.prisma.lesson.create({
      data: {
        courseId: course.id,
        moduleId: module.id,
        position,
        slug: lessonSlug ?? '',
        title: title ?? '',
        contentMd: content,
      },
    });
    await reindexLesson(db.prisma, lesson.id);
  }
  return course.id;
}

async function seed(db: Db): Promise<Fixture> {
  const user = (email: string, role: Actor['role']) =>
    db.prisma.user
      .create({ data: { email, displayName: email, role } })
      .then((u) => ({ userId: u.id, role }));
  const owner = await user('owner@lumen.test', 'instructor');
  const admin = await user('admin@lumen.test', 'admin');
  const learner = { ...(await user('learner@lumen.test', 'learner')), clientId: 'client-abc' };
  const courseId = await createCourse(db, 'js-closures', owner.userId, 'published', [
    ['closures', 'Closures', CLOSURES],
    ['long-read', 'Long read', LONG],
  ]);
  await createCourse(db, 'gardening', owner.userId, 'published', [
    ['tomatoes', 'Tomatoes', GARDENING],
  ]);
  await createCourse(db, 'draft-course', owner.userId, 'draft', [['d', 'Draft lesson', CLOSURES]]);
  return { owner, admin, learner, courseId };
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (error instanceof LumenError ? error.code : String(error)),
  );

describe.each(testDatabases())('createSearch on %s', (_kind, open) => {
  let db: Db;
  let search: Search;
  let fx: Fixture;
  const now = new Date('2026-03-01T10:00:00.000Z');
  beforeAll(async () => {
    db = await open();
    fx = await seed(db);
    let tick = 0;
    // A clock that advances 7 ms per reading makes latency_ms predictable.
    search = createSearch({ db, clock: () => (tick += 7) });
  });
  afterAll(() => db.close());

  const ask = (query: string, extra: Partial<Parameters<Search['search']>[0]> = {}) =>
    search.search(
      {
        actor: fx.learner,
        courseSlug: 'js-closures',
        query,
        feature: 'mcp.search_lesson_content',
        ...extra,
      },
      now,
    );

  it('answers a natural-language question with the chunk that covers it', async () => {
    const result = await ask(
      'How does an inner function keep using variables after the outer function returned?',
    );
    expect(result.course).toEqual({
      id: fx.courseId,
      slug: 'js-closures',
      title: 'Course js-closures',
    });
    expect(result.hits[0]?.headingPath).toEqual(['Closures', 'Capturing variables']);
    expect(result.hits[0]).toMatchObject({ lessonSlug: 'closures', lessonTitle: 'Closures' });
    expect(result.hits[0]?.text).toContain('enclosing scope');
    const scores = result.hits.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('shows the same hits, scores and evidence as ranking first and loading the hits after', async () => {
    // Search ranks and loads its hits in one statement; the hybrid path still does it in two.
    const queries = [
      'How does an inner function keep using variables after the outer function returned?',
      'what is the best way to capture rainwater',
      'zanzibar',
      'let var loop binding closures',
      'the and of',
    ];
    for (const query of queries) {
      for (const topK of [1, 3, 20]) {
        const result = await ask(query, { topK });
        const ranked = await rankLexical(db.prisma, fx.courseId, query, topK);
        expect(result.hits).toEqual(await loadHits(db.prisma, ranked, query));
      }
    }
    // The generic words' stems, looked up once: 'many' is stemmed, stop words are not there.
    const literal = await genericLexemes(db.prisma);
    const [{ generic }] = await db.prisma.$queryRaw<[{ generic: string[] }]>`
      SELECT ${literal}::text[] AS generic`;
    expect(generic).toEqual(expect.arrayContaining(['mani', 'way', 'worth', 'lot']));
    expect(generic).not.toContain('the');
    expect((await ask('closures variables', { topK: 3 })).hits[0]?.evidence).toEqual({
      coverage: expect.any(Number),
      inHeading: true,
      terms: 2,
    });
  });

  it('orders tied chunks by their place in the course, the same on every run', async () => {
    const course = await db.prisma.course.create({
      data: {
        slug: 'ties',
        title: 'Ties',
        summary: '',
        ownerId: fx.owner.userId,
        status: 'published',
      },
    });
    const module = await db.prisma.module.create({
      data: { courseId: course.id, position: 0, title: 'M' },
    });
    // Identical lessons created out of order: every chunk scores the same, and their ids
    // (hashes of random lesson UUIDs) say nothing about where they sit.
    for (const position of [2, 0, 3, 1]) {
      const lesson = await db.prisma.lesson.create({
        data: {
          courseId: course.id,
          moduleId: module.id,
          position,
          slug: `leaf-${position}`,
          title: 'Leaves',
          contentMd: 'Photosynthesis happens in the green leaves of a plant.',
        },
      });
      await reindexLesson(db.prisma, lesson.id);
    }
    const result = await ask('Where does photosynthesis happen?', { courseSlug: 'ties' });
    expect(new Set(result.hits.map((h) => h.score)).size).toBe(1);
    expect(result.hits.map((h) => h.lessonSlug)).toEqual(['leaf-0', 'leaf-1', 'leaf-2', 'leaf-3']);
  });

  it('never returns chunks of another course', async () => {
    const result = await ask('capturing rainwater with a barrel for tomatoes', { topK: 20 });
    const courseChunks = await db.prisma.lessonChunk.findMany({
      where: { courseId: fx.courseId },
      select: { id: true },
    });
    const allowed = new Set(courseChunks.map((c) => c.id));
    expect(result.hits.length).toBeGreaterThan(0);
    expect(result.hits.every((h) => allowed.has(h.chunkId))).toBe(true);
    const garden = await search.search(
      {
        actor: null,
        courseSlug: 'gardening',
        query: 'capturing rainwater',
        feature: 'mcp.search_lesson_content',
      },
      now,
    );
    expect(garden.hits[0]?.lessonSlug).toBe('tomatoes');
  });

  it('writes one audit row per call with the feature, principal, client, course, results and latency', async () => {
    const query = 'closures created at function creation time';
    const result = await ask(query, { feature: 'mcp.ask_tutor', topK: 2 });
    const rows = await db.prisma.retrievalAudit.findMany({ where: { query } });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.id).toBe(result.retrievalAuditId);
    expect(rows[0]).toMatchObject({
      feature: 'mcp.ask_tutor',
      userId: fx.learner.userId,
      clientId: 'client-abc',
      courseId: fx.courseId,
      latencyMs: 7,
      createdAt: now,
    });
    expect(rows[0]?.results).toEqual(
      result.hits.map((h) => ({ chunkId: h.chunkId, score: h.score })),
    );
    expect(result.hits).toHaveLength(2);
  });

  it('audits a search that finds nothing', async () => {
    const anonymous = await search.search(
      {
        actor: null,
        courseSlug: 'js-closures',
        query: 'photosynthesis chlorophyll',
        feature: 'mcp.search_lesson_content',
      },
      now,
    );
    expect(anonymous.hits).toEqual([]);
    const stopWordsOnly = await ask('what is the');
    expect(stopWordsOnly.hits).toEqual([]);
    const rows = await db.prisma.retrievalAudit.findMany({
      where: { query: { in: ['photosynthesis chlorophyll', 'what is the'] } },
      orderBy: { query: 'asc' },
    });
    expect(rows.map((r) => [r.query, r.userId, r.clientId, r.results])).toEqual([
      ['photosynthesis chlorophyll', null, null, []],
      ['what is the', fx.learner.userId, 'client-abc', []],
    ]);
  });

  it('returns a bounded excerpt around the match for a long chunk', async () => {
    const result = await ask('zanzibar');
    const hit = result.hits[0];
    expect(hit?.lessonSlug).toBe('long-read');
    expect(hit?.text).toContain('zanzibar');
    expect(hit?.text.length).toBeLessThanOrEqual(600);
    const stored = await db.prisma.lessonChunk.findUnique({ where: { id: hit?.chunkId ?? '' } });
    expect(stored?.text.length).toBeGreaterThan(600);
  });

  it('rejects bad arguments with stable codes and writes no audit row for them', async () => {
    const auditsBefore = await db.prisma.retrievalAudit.count();
    expect(await codeOf(ask('   '))).toBe('mcp.search.empty_query');
    expect(await codeOf(ask('x'.repeat(1001)))).toBe('mcp.search.query_too_long');
    expect(await codeOf(ask('closure', { topK: 0 }))).toBe('mcp.invalid_argument');
    expect(await codeOf(ask('closure', { topK: 21 }))).toBe('mcp.invalid_argument');
    expect(await codeOf(ask('closure', { topK: 2.5 }))).toBe('mcp.invalid_argument');
    // Worded as every other tool words it (get_course, ask_tutor).
    await expect(ask('closure', { courseSlug: 'no-such-course' })).rejects.toMatchObject({
      code: 'mcp.course.not_found',
      message: 'no course with slug "no-such-course"',
    });
    expect(await db.prisma.retrievalAudit.count()).toBe(auditsBefore);
    expect((await ask('closure', { topK: 20 })).hits.length).toBeGreaterThan(0);
  });

  it('shows a draft course only to its owner and to admins', async () => {
    const inDraft = (actor: Actor | null) =>
      search.search(
        {
          actor,
          courseSlug: 'draft-course',
          query: 'closure',
          feature: 'mcp.search_lesson_content',
        },
        now,
      );
    expect(await codeOf(inDraft(null))).toBe('mcp.course.not_found');
    expect(await codeOf(inDraft(fx.learner))).toBe('mcp.course.not_found');
    expect((await inDraft(fx.owner)).hits.length).toBeGreaterThan(0);
    expect((await inDraft(fx.admin)).hits.length).toBeGreaterThan(0);
  });
});
