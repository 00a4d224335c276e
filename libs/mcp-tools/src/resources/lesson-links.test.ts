import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';
import { seedDemoData } from '@lumen/domain';
import type { CallToolResult, ResourceLink } from '@modelcontextprotocol/sdk/types.js';

import { connectInMemory } from '../testing/in-memory-client.js';
import type { InMemoryLumen } from '../testing/in-memory-client.js';

const SQL = 'database-indexing-in-postgresql'; // the seeded learner is enrolled

describe.each(testDatabases())('resource links in tool results on %s', (_kind, open) => {
  let db: Db;
  let lumen: InMemoryLumen;

  beforeAll(async () => {
    db = await open();
    await seedDemoData(db, new Date());
    lumen = await connectInMemory(db);
    await lumen.as('learner@lumen.test');
  });
  afterAll(async () => {
    await lumen.client.close();
    await db.close();
  });

  async function call(name: string, args: Record<string, unknown>) {
    const result = (await lumen.client.callTool({ name, arguments: args })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    const [text, ...rest] = result.content;
    // The first item is still the structured content as JSON; links come after it.
    expect(JSON.parse((text as { text: string }).text)).toEqual(result.structuredContent);
    expect(rest.every((c) => c.type === 'resource_link')).toBe(true);
    return { structured: result.structuredContent!, links: rest as ResourceLink[] };
  }

  async function expectReadable(links: ResourceLink[], titles: Map<string, string>) {
    for (const link of links) {
      const slug = link.uri.split('/').pop()!;
      expect(link).toMatchObject({
        uri: `lumen://courses/${SQL}/lessons/${slug}`,
        name: `${SQL}/${slug}`,
        title: titles.get(slug),
        mimeType: 'text/markdown',
      });
      const { contents } = await lumen.client.readResource({ uri: link.uri });
      expect((contents[0] as { text: string }).text).toContain(`# ${titles.get(slug)}`);
    }
  }

  it('links each lesson that search_lesson_content cites, once, in order', async () => {
    const { structured, links } = await call('search_lesson_content', {
      course_slug: SQL,
      query: 'index',
      top_k: 10,
    });
    const hits = structured['hits'] as Array<{ lessonSlug: string; lessonTitle: string }>;
    expect(hits.length).toBeGreaterThan(1);
    const order = [...new Set(hits.map((h) => h.lessonSlug))];
    expect(links.map((l) => l.uri.split('/').pop())).toEqual(order);
    await expectReadable(links, new Map(hits.map((h) => [h.lessonSlug, h.lessonTitle])));
  });

  it('links each lesson that an ask_tutor answer cites', async () => {
    const { structured, links } = await call('ask_tutor', {
      course_slug: SQL,
      question: 'What is a B-tree index good for?',
    });
    const citations = structured['citations'] as Array<{ lessonSlug: string; lessonTitle: string }>;
    expect(citations.length).toBeGreaterThan(0);
    expect(links.map((l) => l.uri.split('/').pop())).toEqual([
      ...new Set(citations.map((c) => c.lessonSlug)),
    ]);
    await expectReadable(links, new Map(citations.map((c) => [c.lessonSlug, c.lessonTitle])));
  });

  it('adds no links to results that cite nothing', async () => {
    const { links } = await call('list_courses', {});
    expect(links).toEqual([]);
  });
});
