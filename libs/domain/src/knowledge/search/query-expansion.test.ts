import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';
import type { Actor, Search } from '../../index.js';
import { createSearch, reindexLesson } from '../../index.js';
import { expandQuery } from './query-expansion.js';

const KITCHEN = `
## The bathroom tap
The faucet above the basin is chrome and was fitted last spring.

## The garden tap
The spigot beside the shed is brass and was fitted last autumn.
`;

const NETWORK = `
## Wireless
Most routers broadcast WiFi on two bands; pick WPA3 when every device supports it.

## Post
Send the printed form by email to the landlord before the end of the month.
`;

describe('expandQuery', () => {
  it('adds WordNet synonyms of content words but never of stop or generic words', () => {
    expect(expandQuery('faucet').split(' ')).toContain('spigot');
    // "can" would bring "tin", "way" "manner": neither is what a learner means.
    expect(expandQuery('can I')).toBe('');
    expect(expandQuery('way')).toBe('');
  });

  it('joins hyphenated words', () => {
    expect(expandQuery('Wi-Fi')).toBe('wifi');
    expect(expandQuery('send an e-mail')).toContain('email');
  });
});

describe.each(testDatabases())('search with query expansion on %s', (_kind, open) => {
  let db: Db;
  let search: Search;
  let actor: Actor;
  beforeAll(async () => {
    db = await open();
    const user = await db.prisma.user.create({
      data: { email: 'x@lumen.test', displayName: 'X', role: 'instructor' },
    });
    actor = { userId: user.id, role: 'instructor' };
    const course = await db.prisma.course.create({
      data: { slug: 'home', title: 'Home', summary: '', ownerId: user.id, status: 'published' },
    });
    const module = await db.prisma.module.create({
      data: { courseId: course.id, position: 0, title: 'M' },
    });
    for (const [position, [slug, contentMd]] of [
      ['kitchen', KITCHEN],
      ['network', NETWORK],
    ].entries()) {
      const lesson = await db.prisma.lesson.create({
        data: {
          courseId: course.id,
          moduleId: module.id,
          position,
          slug: slug ?? '',
          title: slug === 'kitchen' ? 'Fittings' : 'Connections',
          contentMd: contentMd ?? '',
        },
      });
      await reindexLesson(db.prisma, lesson.id);
    }
    search = createSearch({ db });
  });
  afterAll(() => db.close());

  const ask = (query: string) =>
    search.search({ actor, courseSlug: 'home', query, feature: 'mcp.search_lesson_content' });

  it('finds a passage holding only a synonym of the question word, below the exact word', async () => {
    const { hits } = await ask('faucet');
    expect(hits.map((h) => h.headingPath.at(-1))).toEqual(['The bathroom tap', 'The garden tap']);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    // The evidence the tutor's gate reads counts the question's own words only.
    expect(hits[1]?.evidence).toEqual({ coverage: 0, inHeading: false, terms: 0 });
  });

  it('finds a one-word compound from its hyphenated spelling', async () => {
    for (const query of ['Wi-Fi', 'wifi'])
      expect((await ask(query)).hits.map((h) => h.headingPath.at(-1))).toEqual(['Wireless']);
    expect((await ask('e-mail')).hits.map((h) => h.headingPath.at(-1))).toEqual(['Post']);
  });
});
