import { serveHtml, startLoopbackEmbeddings, UPKEEP_PAGE } from '@lumen/domain/testing';
import type { LoopbackEmbeddings } from '@lumen/domain/testing';
import { callOk } from '@lumen/mcp-hono/testing';

import { ensureBuilt, prepareEmbedded, spawnStdioServer } from './testing/stdio-harness.js';
import type { PreparedDatabase, SpawnedServer } from './testing/stdio-harness.js';

/**
 * A desktop client's stdio server with EMBEDDINGS_BASE_URL: a page an instructor ingests
 * through the tool gets vectors in the background, and `search_lesson_content` then
 * finds a passage by a word only the embedding model relates to it ("vehicle" → the
 * car passage; the loopback model maps both to one concept).
 */
describe('lumen-mcp over stdio with an embeddings provider', () => {
  let prepared: PreparedDatabase;
  let embeddings: LoopbackEmbeddings;
  let site: { url: string; close(): Promise<void> };
  let server: SpawnedServer;

  beforeAll(async () => {
    await ensureBuilt();
    prepared = await prepareEmbedded();
    embeddings = await startLoopbackEmbeddings();
    site = await serveHtml(UPKEEP_PAGE);
    server = await spawnStdioServer({
      ...prepared.env,
      LUMEN_MCP_AUTH_TOKEN: prepared.teacher.clientSecret,
      EMBEDDINGS_BASE_URL: embeddings.baseUrl,
      EMBEDDINGS_MODEL: 'fake-bow',
      LUMEN_INGEST_ALLOW_HOSTS: '127.0.0.0/8',
    });
  });
  afterAll(async () => {
    await server?.close();
    await embeddings?.close();
    await site?.close();
    await prepared?.close();
  });

  it('embeds an ingested page and finds its passage by meaning', async () => {
    const draft = (await callOk(server.client, 'ingest_url_to_draft', {
      url: `${site.url}/weekend-upkeep`,
    })) as { slug: string };
    const search = async () =>
      (await callOk(server.client, 'search_lesson_content', {
        course_slug: draft.slug,
        query: 'vehicle',
      })) as { hits: Array<{ headingPath: string[] }> };
    const deadline = Date.now() + 15_000;
    let hits = (await search()).hits;
    while (hits[0]?.headingPath.at(-1) !== 'Oil' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      hits = (await search()).hits;
    }
    expect(hits[0]?.headingPath.at(-1)).toBe('Oil');
    expect(
      embeddings.received.some((r) => r.body.input.some((t) => t.includes('engine oil'))),
    ).toBe(true);
    // The run logs once it has stored every pending vector.
    const logged = () => server.stderrLines.some((l) => l.includes('"embeddings.backfilled"'));
    while (!logged() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(logged()).toBe(true);
  });
});
