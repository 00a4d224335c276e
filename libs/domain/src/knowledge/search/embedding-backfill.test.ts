import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';

import type { Actor } from '../../index.js';
import {
  createEmbeddingBackfill,
  createOpenAiEmbedder,
  createSearch,
  LumenError,
  reindexLesson,
} from '../../index.js';
import { startLoopbackEmbeddings } from './testing/loopback-embeddings.js';
import type { LoopbackEmbeddings } from './testing/loopback-embeddings.js';

const CARS = `
## Cars
A car needs regular oil changes and tyre checks to stay safe on the road.

## Bicycles
A bicycle chain should be cleaned and oiled every few hundred kilometres.
`;
const TRAINS = `
## Trains
Trains run on rails and are scheduled by a central timetable.

## Trams
A tram shares the street with cars and stops at every corner.
`;

const now = new Date('2026-03-01T10:00:00.000Z');

/** Chunks written the way authoring and ingest write them: no embedder at hand. */
async function addLesson(db: Db, courseSlug: string, slug: string, text: string) {
  const course = await db.prisma.course.findUniqueOrThrow({ where: { slug: courseSlug } });
  const module = await db.prisma.module.upsert({
    where: { courseId_position: { courseId: course.id, position: 0 } },
    create: { courseId: course.id, position: 0, title: 'M' },
    update: {},
  });
  const position = await db.prisma.lesson.count({ where: { courseId: course.id } });
  const lesson = await db.prisma.lesson.create({
    data: {
      courseId: course.id,
      moduleId: module.id,
      position,
      slug,
      title: slug,
      contentMd: text,
    },
  });
  await reindexLesson(db.prisma, lesson.id);
}

async function vectorCount(db: Db, model = 'fake-bow'): Promise<number> {
  const rows = await db.prisma.$queryRaw<Array<{ n: bigint }>>`
    SELECT count(*) AS n FROM lesson_chunk_embeddings WHERE model = ${model}`;
  return Number(rows[0]?.n);
}

async function chunkCount(db: Db): Promise<number> {
  return db.prisma.lessonChunk.count();
}

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.each(testDatabases())('embedding backfill on %s', (_kind, open) => {
  let db: Db;
  let fake: LoopbackEmbeddings;
  let actor: Actor;
  const backfills: Array<{ close(): Promise<void> }> = [];
  const errors: unknown[] = [];
  const refusals: string[] = [];
  const start = (options: { batchSize?: number; intervalMs?: number } = {}) => {
    const backfill = createEmbeddingBackfill({
      db,
      embedder: createOpenAiEmbedder({ baseUrl: fake.baseUrl, model: 'fake-bow' }),
      firstRunDelayMs: 60_000, // runs only when a test asks
      ...options,
      onError: (error) => errors.push(error),
      onRefused: (ids) => void refusals.push(...ids),
    });
    backfills.push(backfill);
    return backfill;
  };

  beforeAll(async () => {
    db = await open();
    fake = await startLoopbackEmbeddings();
    const user = await db.prisma.user.create({
      data: { email: 'b@lumen.test', displayName: 'B', role: 'instructor' },
    });
    actor = { userId: user.id, role: 'instructor' };
    for (const slug of ['vehicles', 'railways'])
      await db.prisma.course.create({
        data: { slug, title: slug, summary: '', ownerId: user.id, status: 'published' },
      });
    await addLesson(db, 'vehicles', 'upkeep', CARS);
  });
  afterEach(async () => {
    for (const backfill of backfills.splice(0)) await backfill.close();
    fake.failing = false;
    fake.delayMs = 0;
    fake.refuseWhen = undefined;
    errors.length = 0;
    refusals.length = 0;
  });
  afterAll(async () => {
    await fake.close();
    await db.close();
  });

  it('ranks a course without vectors lexically, without asking the provider', async () => {
    const search = createSearch({
      db,
      embedder: createOpenAiEmbedder({ baseUrl: fake.baseUrl, model: 'fake-bow' }),
    });
    const before = fake.received.length;
    const result = await search.search(
      {
        actor,
        courseSlug: 'vehicles',
        query: 'bicycle chain',
        feature: 'mcp.search_lesson_content',
      },
      now,
    );
    expect(result.hits[0]?.headingPath).toEqual(['upkeep', 'Bicycles']);
    expect(fake.received.length).toBe(before);
    // A word only the embedding model relates to the lesson finds nothing yet.
    const vehicle = await search.search(
      { actor, courseSlug: 'vehicles', query: 'vehicle', feature: 'mcp.search_lesson_content' },
      now,
    );
    expect(vehicle.hits).toEqual([]);
  });

  it('embeds every pending chunk of every course in batches, and only once', async () => {
    await addLesson(db, 'railways', 'lines', TRAINS);
    const before = fake.received.length;
    const backfill = start({ batchSize: 3 });
    if (!db.vector) {
      // PostgreSQL without pgvector: nothing to embed into, and the provider is not asked.
      expect(await backfill.run()).toBe(0);
      expect(fake.received.length).toBe(before);
      return;
    }
    expect(await backfill.run()).toBe(await chunkCount(db));
    expect(await vectorCount(db)).toBe(await chunkCount(db));
    const requests = fake.received.slice(before);
    expect(requests.length).toBeGreaterThan(1);
    expect(requests.every((r) => r.body.input.length <= 3 && r.body.model === 'fake-bow')).toBe(
      true,
    );
    // Nothing pending: one query, no provider request.
    expect(await backfill.run()).toBe(0);
    expect(fake.received.length).toBe(before + requests.length);
    // Vectors of another model do not count as this one's.
    const other = createEmbeddingBackfill({
      db,
      embedder: createOpenAiEmbedder({ baseUrl: fake.baseUrl, model: 'fake-bow-2' }),
      firstRunDelayMs: 60_000,
    });
    backfills.push(other);
    expect(await other.run()).toBe(await chunkCount(db));
    expect(await vectorCount(db, 'fake-bow-2')).toBe(await chunkCount(db));
  });

  it('embeds a new lesson on a kick, after which search finds it through the vectors', async () => {
    if (!db.vector) return;
    const backfill = start();
    await backfill.run();
    await addLesson(db, 'vehicles', 'motoring', '## Engines\nAn engine turns fuel into motion.');
    backfill.kick();
    await until(async () => (await vectorCount(db)) === (await chunkCount(db)));
    const search = createSearch({
      db,
      embedder: createOpenAiEmbedder({ baseUrl: fake.baseUrl, model: 'fake-bow' }),
    });
    const result = await search.search(
      { actor, courseSlug: 'vehicles', query: 'motor', feature: 'mcp.search_lesson_content' },
      now,
    );
    expect(result.hits[0]?.headingPath).toEqual(['motoring', 'Engines']);
    const vehicle = await search.search(
      { actor, courseSlug: 'vehicles', query: 'vehicle', feature: 'mcp.search_lesson_content' },
      now,
    );
    expect(vehicle.hits[0]?.headingPath).toEqual(['upkeep', 'Cars']);
  });

  it('reports a failing provider, stores nothing, and catches up once it answers', async () => {
    if (!db.vector) return;
    await addLesson(db, 'railways', 'signals', '## Signals\nA red signal means stop.');
    const pending = (await chunkCount(db)) - (await vectorCount(db));
    expect(pending).toBeGreaterThan(0);
    fake.failing = true;
    const backfill = start();
    expect(await backfill.run()).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(LumenError);
    expect((errors[0] as LumenError).code).toBe('mcp.unavailable');
    expect((await chunkCount(db)) - (await vectorCount(db))).toBe(pending);
    fake.failing = false;
    expect(await backfill.run()).toBe(pending);
  });

  it('sets aside a chunk the provider refuses, embeds the rest, and sends a huge chunk cut short', async () => {
    if (!db.vector) return;
    const big = `## Listing\n\n\`\`\`\n${'const wheel = spoke + rim; // truing\n'.repeat(600)}\`\`\``;
    await addLesson(db, 'railways', 'poison', '## Bad\nPOISON passage the provider will not take.');
    await addLesson(db, 'railways', 'after', '## Timetables\nEvery train leaves on the minute.');
    await addLesson(db, 'railways', 'code', big);
    const poison = await db.prisma.lessonChunk.findFirstOrThrow({
      where: { text: { contains: 'POISON' } },
    });
    fake.refuseWhen = (input) => input.includes('POISON');
    const before = fake.received.length;
    const backfill = start({ batchSize: 4 });
    const stored = await backfill.run();
    expect(errors).toEqual([]);
    expect(refusals).toEqual([poison.id]);
    // Everything else, including what came after the refused chunk in course order.
    expect((await chunkCount(db)) - (await vectorCount(db))).toBe(1);
    expect(stored).toBeGreaterThan(0);
    const inputs = fake.received.slice(before).flatMap((r) => r.body.input);
    expect(Math.max(...inputs.map((t) => t.length))).toBeLessThanOrEqual(8_000);
    expect(inputs.some((t) => t.includes('const wheel = spoke'))).toBe(true);
    // The refused chunk is not asked for again by this process.
    const asked = fake.received.length;
    expect(await backfill.run()).toBe(0);
    expect(fake.received.length).toBe(asked);
    expect(refusals).toEqual([poison.id]);
  });

  it('close() aborts a provider request under way without reporting an error', async () => {
    if (!db.vector) return;
    await addLesson(db, 'railways', 'stations', '## Stations\nPlatforms are numbered.');
    fake.delayMs = 30_000;
    const before = fake.received.length;
    const backfill = start();
    const run = backfill.run();
    await until(async () => fake.received.length > before);
    const started = Date.now();
    await backfill.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await run).toBeUndefined();
    expect(errors).toEqual([]);
  });
});
