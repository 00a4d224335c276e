import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';
import type { Actor } from '../../index.js';
import { createOpenAiEmbedder, createSearch, LumenError, reindexLesson } from '../../index.js';
import { startLoopbackEmbeddings } from './testing/loopback-embeddings.js';
import type { LoopbackEmbeddings } from './testing/loopback-embeddings.js';

const LESSON = `
## Cars
A car needs regular oil changes and tyre checks to stay safe on the road.

## Bicycles
A bicycle chain should be cleaned and oiled every few hundred kilometres.

## Trains
Trains run on rails and are scheduled by a central timetable.
`;

describe.each(testDatabases())('search with an embedding provider on %s', (_kind, open) => {
  let db: Db;
  let fake: LoopbackEmbeddings;
  let baseUrl: string;
  let actor: Actor;
  const now = new Date('2026-03-01T10:00:00.000Z');

  beforeAll(async () => {
    db = await open();
    fake = await startLoopbackEmbeddings();
    baseUrl = fake.baseUrl;
    const user = await db.prisma.user.create({
      data: { email: 'v@lumen.test', displayName: 'V', role: 'instructor' },
    });
    actor = { userId: user.id, role: 'instructor' };
    const course = await db.prisma.course.create({
      data: {
        slug: 'vehicles',
        title: 'Vehicles',
        summary: '',
        ownerId: user.id,
        status: 'published',
      },
    });
    const module = await db.prisma.module.create({
      data: { courseId: course.id, position: 0, title: 'M' },
    });
    const lesson = await db.prisma.lesson.create({
      data: {
        courseId: course.id,
        moduleId: module.id,
        position: 0,
        slug: 'upkeep',
        title: 'Upkeep',
        contentMd: LESSON,
      },
    });
    const embedder = createOpenAiEmbedder({ baseUrl, apiKey: 'sk-test', model: 'fake-bow' });
    const result = await reindexLesson(db.prisma, lesson.id, { embedder });
    expect(result).toEqual({ chunkCount: 3, embeddedCount: db.vector ? 3 : 0 });
  });
  afterAll(async () => {
    await fake.close();
    await db.close();
  });

  it('sends the OpenAI wire format and stores one vector per chunk', async () => {
    if (!db.vector) return; // PostgreSQL without pgvector: nothing is embedded.
    const indexing = fake.received[0];
    expect(indexing?.authorization).toBe('Bearer sk-test');
    expect(indexing?.body.model).toBe('fake-bow');
    expect(indexing?.body.input).toHaveLength(3);
    const rows = await db.prisma.$queryRaw<Array<{ n: bigint }>>`
      SELECT count(*) AS n FROM lesson_chunk_embeddings WHERE model = 'fake-bow'`;
    expect(Number(rows[0]?.n)).toBe(3);
  });

  it('finds a chunk through the vector ranking when no word of the query matches', async () => {
    const embedder = createOpenAiEmbedder({
      baseUrl: `${baseUrl}/v1`,
      apiKey: 'sk-test',
      model: 'fake-bow',
    });
    const search = createSearch({ db, embedder });
    // "vehicle" has no WordNet synonym in the lesson ("automobile" now finds "car" lexically).
    const result = await search.search(
      { actor, courseSlug: 'vehicles', query: 'vehicle', feature: 'mcp.search_lesson_content' },
      now,
    );
    if (db.vector) expect(result.hits[0]?.headingPath).toEqual(['Upkeep', 'Cars']);
    const lexicalOnly = await createSearch({ db }).search(
      { actor, courseSlug: 'vehicles', query: 'vehicle', feature: 'mcp.search_lesson_content' },
      now,
    );
    expect(lexicalOnly.hits).toEqual([]);
  });

  it('falls back to lexical ranking when the provider fails, and still audits', async () => {
    fake.failing = true;
    try {
      const search = createSearch({
        db,
        embedder: createOpenAiEmbedder({ baseUrl, model: 'fake-bow' }),
      });
      const result = await search.search(
        { actor, courseSlug: 'vehicles', query: 'bicycle chain oil', feature: 'mcp.ask_tutor' },
        now,
      );
      expect(result.hits[0]?.headingPath).toEqual(['Upkeep', 'Bicycles']);
      const audit = await db.prisma.retrievalAudit.findFirst({
        where: { query: 'bicycle chain oil' },
      });
      expect(audit?.feature).toBe('mcp.ask_tutor');
    } finally {
      fake.failing = false;
    }
  });

  it('after a failed query embedding, ranks lexically for 30 s without asking the provider', async () => {
    if (!db.vector) return;
    let t = 1_000;
    const search = createSearch({
      db,
      embedder: createOpenAiEmbedder({ baseUrl, model: 'fake-bow' }),
      clock: () => t,
    });
    const ask = (query: string) =>
      search.search(
        { actor, courseSlug: 'vehicles', query, feature: 'mcp.search_lesson_content' },
        now,
      );
    fake.failing = true;
    try {
      const before = fake.received.length;
      expect((await ask('bicycle chain')).hits[0]?.headingPath).toEqual(['Upkeep', 'Bicycles']);
      expect(fake.received.length).toBe(before + 1);
      t += 29_000;
      // Still within the pause: lexical only, the provider is not asked.
      expect((await ask('vehicle')).hits).toEqual([]);
      expect(fake.received.length).toBe(before + 1);
    } finally {
      fake.failing = false;
    }
    t += 2_000;
    const asked = fake.received.length;
    expect((await ask('vehicle')).hits[0]?.headingPath).toEqual(['Upkeep', 'Cars']);
    expect(fake.received.length).toBe(asked + 1);
  });

  it('reports a failing provider from createOpenAiEmbedder with a stable code', async () => {
    fake.failing = true;
    try {
      const embedder = createOpenAiEmbedder({ baseUrl, model: 'fake-bow' });
      const error = await embedder.embed(['x']).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LumenError);
      expect((error as LumenError).code).toBe('mcp.unavailable');
    } finally {
      fake.failing = false;
    }
  });
});
