import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedDemoData } from '@lumen/domain';
import { serveHtml, startLoopbackEmbeddings, UPKEEP_PAGE } from '@lumen/domain/testing';
import type { LoopbackEmbeddings } from '@lumen/domain/testing';

import { createLogger, createLumen } from './index.js';
import type { Actor, Lumen } from './index.js';

/**
 * EMBEDDINGS_BASE_URL end to end: lessons written by seeding (another code path, no
 * kick) and by ingest (a kick) get vectors in the background, and search then finds a
 * passage through a word only the embedding model relates to it (the loopback model
 * puts "vehicle" and "car" on one concept).
 */
describe('createLumen with an embeddings provider (embedded database)', () => {
  let dir: string;
  let lumen: Lumen;
  let embeddings: LoopbackEmbeddings;
  let site: { url: string; close(): Promise<void> };
  let siteUrl: string;
  const logLines: string[] = [];
  const now = new Date();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lumen-embeddings-'));
    embeddings = await startLoopbackEmbeddings();
    site = await serveHtml(UPKEEP_PAGE);
    siteUrl = site.url;
    lumen = await createLumen({
      dataDir: join(dir, 'data'),
      env: {
        EMBEDDINGS_BASE_URL: embeddings.baseUrl,
        EMBEDDINGS_MODEL: 'concepts-32',
        EMBEDDINGS_API_KEY: 'sk-embed-secret-4711',
        LUMEN_INGEST_ALLOW_HOSTS: '127.0.0.0/8',
        LLM_PROVIDER: 'noop',
      },
      logger: createLogger({ level: 'debug', write: (line) => void logLines.push(line) }),
    });
  });
  afterAll(async () => {
    await lumen?.close();
    await embeddings?.close();
    await site?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const missingVectors = async () => {
    const rows = await lumen.db.prisma.$queryRaw<Array<{ n: bigint }>>`
      SELECT count(*) AS n FROM lesson_chunks c
      WHERE NOT EXISTS (SELECT 1 FROM lesson_chunk_embeddings e
                         WHERE e.chunk_id = c.id AND e.model = 'concepts-32')`;
    return Number(rows[0]?.n);
  };
  const waitUntilEmbedded = async (timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while ((await missingVectors()) > 0) {
      if (Date.now() > deadline) throw new Error(`${await missingVectors()} chunks not embedded`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  it('embeds seeded lessons in the background, then an ingested page as soon as it is written', async () => {
    expect(lumen.db.vector).toBe(true);
    await seedDemoData(lumen.db, now);
    expect(await missingVectors()).toBeGreaterThan(0);
    await waitUntilEmbedded(20_000); // the first run, two seconds after opening
    const requests = embeddings.received;
    expect(requests.every((r) => r.authorization === 'Bearer sk-embed-secret-4711')).toBe(true);
    expect(requests.every((r) => r.body.model === 'concepts-32')).toBe(true);

    const owner = await lumen.db.prisma.user.findUniqueOrThrow({
      where: { email: 'teacher@lumen.test' },
    });
    const actor: Actor = { userId: owner.id, role: 'instructor' };
    const draft = await lumen.ingest.ingestUrlToDraft(actor, { url: `${siteUrl}/car` }, {}, now);
    const course = await lumen.db.prisma.course.findUniqueOrThrow({
      where: { id: draft.courseId },
    });
    // Well before the five-minute interval: the ingest itself asked for it.
    await waitUntilEmbedded(5_000);

    // "vehicle" is in no lesson; only the model relates it to the page's cars.
    const found = await lumen.search.search(
      { actor, courseSlug: course.slug, query: 'vehicle', feature: 'test.search' },
      now,
    );
    expect(found.hits[0]?.headingPath.at(-1)).toBe('Oil');
    // A course's search still ranks words lexically beside the vectors.
    const chain = await lumen.search.search(
      { actor, courseSlug: course.slug, query: 'bicycle chain', feature: 'test.search' },
      now,
    );
    expect(chain.hits[0]?.headingPath.at(-1)).toBe('Chains');
    expect(logLines.some((l) => l.includes('"embeddings.backfilled"'))).toBe(true);
  });

  it('keeps searching lexically while the provider is down, logs it without the key, and catches up', async () => {
    embeddings.failing = true;
    try {
      const owner = await lumen.db.prisma.user.findUniqueOrThrow({
        where: { email: 'teacher@lumen.test' },
      });
      const actor: Actor = { userId: owner.id, role: 'instructor' };
      const draft = await lumen.ingest.ingestUrlToDraft(
        actor,
        { url: `${siteUrl}/car-again` },
        {},
        now,
      );
      const deadline = Date.now() + 5_000;
      while (!logLines.some((l) => l.includes('"embeddings.backfill_failed"'))) {
        if (Date.now() > deadline) throw new Error('no failure logged');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await missingVectors()).toBeGreaterThan(0);
      const course = await lumen.db.prisma.course.findUniqueOrThrow({
        where: { id: draft.courseId },
      });
      const chain = await lumen.search.search(
        { actor, courseSlug: course.slug, query: 'bicycle chain', feature: 'test.search' },
        now,
      );
      expect(chain.hits[0]?.headingPath.at(-1)).toBe('Chains');
    } finally {
      embeddings.failing = false;
    }
    expect(logLines.join('\n')).not.toContain('sk-embed-secret-4711');
    // The next run (a kick here; the interval on its own) embeds what was missed.
    const owner = await lumen.db.prisma.user.findUniqueOrThrow({
      where: { email: 'teacher@lumen.test' },
    });
    await lumen.ingest.ingestUrlToDraft(
      { userId: owner.id, role: 'instructor' },
      { url: `${siteUrl}/car-third` },
      {},
      now,
    );
    await waitUntilEmbedded(5_000);
  });
});
