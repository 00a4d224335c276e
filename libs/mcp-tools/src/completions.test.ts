import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';
import { seedDemoData } from '@lumen/domain';

import { connectInMemory, refusal } from './testing/in-memory-client.js';
import type { InMemoryLumen } from './testing/in-memory-client.js';

const SQL = 'database-indexing-in-postgresql';
const DRAFT = 'orbital-mechanics-for-beginners';
const COURSE_REF = { type: 'ref/resource' as const, uri: 'lumen://courses/{slug}' };
const LESSON_REF = {
  type: 'ref/resource' as const,
  uri: 'lumen://courses/{slug}/lessons/{lesson}',
};

describe.each(testDatabases())('argument completion on %s', (_kind, open) => {
  let db: Db;
  let lumen: InMemoryLumen;
  let sqlLessons: string[];

  const values = async (params: Parameters<InMemoryLumen['client']['complete']>[0]) =>
    (await lumen.client.complete(params)).completion;

  beforeAll(async () => {
    db = await open();
    await seedDemoData(db, new Date());
    lumen = await connectInMemory(db);
    await lumen.as('learner@lumen.test');
    const rows = await db.prisma.lesson.findMany({
      where: { course: { slug: SQL } },
      orderBy: [{ module: { position: 'asc' } }, { position: 'asc' }],
      select: { slug: true },
    });
    sqlLessons = rows.map((r) => r.slug);
  });
  afterAll(async () => {
    await lumen.client.close();
    await db.close();
  });
  afterEach(() => expect(lumen.internal).toEqual([]));

  it('declares the completions capability', () => {
    expect(lumen.client.getServerCapabilities()?.completions).toEqual({});
  });

  it('completes course slugs the caller can see, by prefix', async () => {
    await lumen.as('learner@lumen.test');
    const all = await values({ ref: COURSE_REF, argument: { name: 'slug', value: '' } });
    expect(all).toEqual({
      values: [SQL, 'foundations-of-western-harmony', 'how-cells-make-energy'].sort(),
      hasMore: false,
    });
    expect(await values({ ref: COURSE_REF, argument: { name: 'slug', value: 'Fo' } })).toEqual({
      values: ['foundations-of-western-harmony'],
      hasMore: false,
    });
    expect(
      (await values({ ref: COURSE_REF, argument: { name: 'slug', value: 'or' } })).values,
    ).toEqual([]);
    await lumen.as('teacher@lumen.test');
    expect(
      (await values({ ref: COURSE_REF, argument: { name: 'slug', value: 'or' } })).values,
    ).toEqual([DRAFT]);
  });

  it('completes lesson slugs within the chosen course, in syllabus order', async () => {
    await lumen.as('learner@lumen.test');
    const lessons = await values({
      ref: LESSON_REF,
      argument: { name: 'lesson', value: '' },
      context: { arguments: { slug: SQL } },
    });
    expect(lessons.values).toEqual(sqlLessons);
    const first = sqlLessons[0]!;
    expect(
      (
        await values({
          ref: LESSON_REF,
          argument: { name: 'lesson', value: first.slice(0, 3) },
          context: { arguments: { slug: SQL } },
        })
      ).values,
    ).toContain(first);
    // No course chosen yet, or one the caller cannot see: nothing to suggest.
    expect(
      (await values({ ref: LESSON_REF, argument: { name: 'lesson', value: '' } })).values,
    ).toEqual([]);
    expect(
      (
        await values({
          ref: LESSON_REF,
          argument: { name: 'lesson', value: '' },
          context: { arguments: { slug: DRAFT } },
        })
      ).values,
    ).toEqual([]);
  });

  it('completes the prompts’ course_slug and lesson arguments', async () => {
    await lumen.as('learner@lumen.test');
    expect(
      (
        await values({
          ref: { type: 'ref/prompt', name: 'study_session' },
          argument: { name: 'course_slug', value: 'data' },
        })
      ).values,
    ).toEqual([SQL]);
    expect(
      (
        await values({
          ref: { type: 'ref/prompt', name: 'quiz_me' },
          argument: { name: 'lesson', value: '' },
          context: { arguments: { course_slug: SQL } },
        })
      ).values,
    ).toEqual(sqlLessons);
  });

  it('caps results at 100 and says there are more', async () => {
    const owner = await db.prisma.user.findUniqueOrThrow({
      where: { email: 'teacher@lumen.test' },
    });
    await db.prisma.course.createMany({
      data: Array.from({ length: 105 }, (_, i) => ({
        slug: `zz-bulk-${String(i).padStart(3, '0')}`,
        title: `Bulk ${i}`,
        summary: 'bulk',
        ownerId: owner.id,
        status: 'published' as const,
        searchText: 'bulk',
      })),
    });
    const many = await values({ ref: COURSE_REF, argument: { name: 'slug', value: 'zz-bulk' } });
    expect(many.values).toHaveLength(100);
    expect(many.hasMore).toBe(true);
  });

  it('answers unknown references and missing scopes with no values, hostile text with a code', async () => {
    await lumen.as('learner@lumen.test');
    for (const ref of [
      { type: 'ref/prompt' as const, name: 'no_such_prompt' },
      { type: 'ref/resource' as const, uri: 'lumen://elsewhere/{x}' },
    ]) {
      expect(await values({ ref, argument: { name: 'slug', value: '' } })).toEqual({
        values: [],
        hasMore: false,
      });
    }
    expect(
      (await values({ ref: COURSE_REF, argument: { name: 'nope', value: '' } })).values,
    ).toEqual([]);
    expect(
      (await values({ ref: COURSE_REF, argument: { name: 'slug', value: 'x'.repeat(10_000) } }))
        .values,
    ).toEqual([]);
    expect(
      await refusal(
        lumen.client.complete({ ref: COURSE_REF, argument: { name: 'slug', value: 'a\u0000' } }),
      ),
    ).toMatchObject({ code: -32602, mcpCode: 'mcp.invalid_argument' });
    expect(
      (
        await values({
          ref: LESSON_REF,
          argument: { name: 'lesson', value: '' },
          context: { arguments: { slug: '\ud800' } },
        })
      ).values,
    ).toEqual([]);
    await lumen.as('learner@lumen.test', ['list_courses']);
    expect(
      (await values({ ref: COURSE_REF, argument: { name: 'slug', value: '' } })).values,
    ).toEqual([]);
  });
});
