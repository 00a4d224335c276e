import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';
import { seedDemoData } from '@lumen/domain';
import type { GetPromptResult } from '@modelcontextprotocol/sdk/types.js';

import { connectInMemory, refusal } from '../testing/in-memory-client.js';
import type { InMemoryLumen } from '../testing/in-memory-client.js';

const SQL = 'database-indexing-in-postgresql'; // learner enrolled, first lesson completed
const MUSIC = 'foundations-of-western-harmony'; // learner not enrolled
const DRAFT = 'orbital-mechanics-for-beginners'; // teacher's draft

const texts = (r: GetPromptResult) =>
  r.messages.flatMap((m) => (m.content.type === 'text' ? [m.content.text] : []));
const resources = (r: GetPromptResult) =>
  r.messages.flatMap((m) => (m.content.type === 'resource' ? [m.content.resource] : []));

describe.each(testDatabases())('study prompts on %s', (_kind, open) => {
  let db: Db;
  let lumen: InMemoryLumen;
  let lessons: Array<{ slug: string; title: string }>;

  beforeAll(async () => {
    db = await open();
    await seedDemoData(db, new Date());
    await db.prisma.user.create({
      data: { email: 'other-teacher@lumen.test', displayName: 'Other', role: 'instructor' },
    });
    lumen = await connectInMemory(db);
    await lumen.as('learner@lumen.test');
    lessons = await db.prisma.lesson.findMany({
      where: { course: { slug: SQL } },
      orderBy: [{ module: { position: 'asc' } }, { position: 'asc' }],
      select: { slug: true, title: true },
    });
  });
  afterAll(async () => {
    await lumen.client.close();
    await db.close();
  });
  afterEach(() => expect(lumen.internal).toEqual([]));

  it('lists the three prompts with their arguments', async () => {
    expect(lumen.client.getServerCapabilities()?.prompts).toEqual({ listChanged: false });
    const { prompts } = await lumen.client.listPrompts();
    expect(prompts.map((p) => [p.name, p.arguments?.map((a) => [a.name, a.required])])).toEqual([
      ['study_session', [['course_slug', false]]],
      [
        'quiz_me',
        [
          ['course_slug', true],
          ['lesson', true],
        ],
      ],
      [
        'explain_lesson',
        [
          ['course_slug', true],
          ['lesson', true],
        ],
      ],
    ]);
    expect(prompts.every((p) => p.title && p.description)).toBe(true);
  });

  it('study_session: reviews first, then the next unfinished lesson of the course', async () => {
    await lumen.as('learner@lumen.test');
    const result = await lumen.client.getPrompt({
      name: 'study_session',
      arguments: { course_slug: SQL },
    });
    const [text] = texts(result);
    const order = ['list_my_due_reviews', 'grade_review_card', 'list_my_progress', 'get_course'];
    const at = order.map((tool) => text!.indexOf(tool));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // The first lesson is completed, so the next one is the second.
    expect(text).toContain(`"${lessons[1]!.title}"`);
    expect(text).toContain(`lumen://courses/${SQL}/lessons/${lessons[1]!.slug}`);
    const [syllabus] = resources(result);
    expect(syllabus).toMatchObject({ uri: `lumen://courses/${SQL}`, mimeType: 'text/markdown' });
    expect((syllabus as { text: string }).text).toMatch(/^- \[x\]/m);
  });

  it('study_session without a course covers all courses and embeds nothing', async () => {
    const result = await lumen.client.getPrompt({ name: 'study_session' });
    expect(texts(result)[0]).toContain('all my courses');
    expect(resources(result)).toEqual([]);
  });

  it('quiz_me: embeds the lesson and lists its cards with the learner’s card ids', async () => {
    await lumen.as('learner@lumen.test');
    const lesson = lessons[0]!;
    const result = await lumen.client.getPrompt({
      name: 'quiz_me',
      arguments: { course_slug: SQL, lesson: lesson.slug },
    });
    const [embedded] = resources(result);
    expect(embedded).toMatchObject({ uri: `lumen://courses/${SQL}/lessons/${lesson.slug}` });
    expect((embedded as { text: string }).text.startsWith(`# ${lesson.title}`)).toBe(true);
    const text = texts(result)[0]!;
    const learner = await db.prisma.user.findUniqueOrThrow({
      where: { email: 'learner@lumen.test' },
    });
    const cards = await db.prisma.reviewCard.findMany({
      where: { userId: learner.id, lesson: { slug: lesson.slug, course: { slug: SQL } } },
    });
    expect(cards.length).toBeGreaterThan(0);
    for (const card of cards.slice(0, 5)) {
      expect(text).toContain(card.prompt);
      expect(text).toContain(`card_id: ${card.id}`);
    }
    expect(text).toContain('grade_review_card');
  });

  it('quiz_me for a course the learner has not joined grades nothing', async () => {
    const lesson = await db.prisma.lesson.findFirstOrThrow({
      where: { course: { slug: MUSIC }, cardTemplates: { some: {} } },
    });
    const text = texts(
      await lumen.client.getPrompt({
        name: 'quiz_me',
        arguments: { course_slug: MUSIC, lesson: lesson.slug },
      }),
    )[0]!;
    expect(text).not.toContain('card_id:');
    expect(text).toContain('do not call grade_review_card');
  });

  it('explain_lesson: a walk through the sections, citing the lesson', async () => {
    const lesson = lessons[0]!;
    const row = await db.prisma.lesson.findFirstOrThrow({
      where: { slug: lesson.slug, course: { slug: SQL } },
    });
    const result = await lumen.client.getPrompt({
      name: 'explain_lesson',
      arguments: { course_slug: SQL, lesson: lesson.slug },
    });
    const text = texts(result)[0]!;
    const firstHeading = /^## (.+)$/m.exec(row.contentMd)![1]!;
    expect(text).toContain(`"${firstHeading}"`);
    expect(text).toContain(`lumen://courses/${SQL}/lessons/${lesson.slug}`);
    expect(text).toContain('search_lesson_content');
    expect(resources(result)).toHaveLength(1);
  });

  it("refuses another instructor's draft and unknown courses as clean errors", async () => {
    await lumen.as('other-teacher@lumen.test');
    for (const [name, args] of [
      ['study_session', { course_slug: DRAFT }],
      ['quiz_me', { course_slug: DRAFT, lesson: 'keplers-laws' }],
      ['explain_lesson', { course_slug: DRAFT, lesson: 'keplers-laws' }],
      ['explain_lesson', { course_slug: 'no-such-course', lesson: 'x' }],
    ] as const) {
      expect(await refusal(lumen.client.getPrompt({ name, arguments: args }))).toMatchObject({
        code: -32602,
        mcpCode: 'mcp.course.not_found',
      });
    }
    await lumen.as('teacher@lumen.test');
    await expect(
      lumen.client.getPrompt({
        name: 'explain_lesson',
        arguments: { course_slug: DRAFT, lesson: 'keplers-laws' },
      }),
    ).resolves.toBeDefined();
  });

  it('validates arguments, names and scopes with stable codes', async () => {
    await lumen.as('learner@lumen.test');
    const bad = async (name: string, args?: Record<string, string>) =>
      refusal(lumen.client.getPrompt({ name, arguments: args }));
    expect(await bad('quiz_me', { course_slug: SQL })).toMatchObject({
      code: -32602,
      mcpCode: 'mcp.invalid_argument',
      message: expect.stringMatching(
        /: mcp\.invalid_argument: Invalid arguments for quiz_me: lesson is required$/,
      ),
    });
    expect(await bad('quiz_me', { course_slug: SQL, lesson: 'no-such-lesson' })).toMatchObject({
      code: -32602,
      mcpCode: 'mcp.lesson.not_found',
    });
    for (const hostile of ['a\u0000b', '\udc00', 'x'.repeat(100_000), '']) {
      expect(await bad('explain_lesson', { course_slug: hostile, lesson: 'x' })).toMatchObject({
        code: -32602,
        mcpCode: 'mcp.invalid_argument',
      });
    }
    expect(await bad('no_such_prompt')).toMatchObject({
      code: -32602,
      mcpCode: 'mcp.prompt.not_found',
    });
    expect(await bad('__proto__')).toMatchObject({ mcpCode: 'mcp.prompt.not_found' });
    await lumen.as('learner@lumen.test', ['get_course']);
    expect(await bad('quiz_me', { course_slug: SQL, lesson: lessons[0]!.slug })).toMatchObject({
      code: -32003,
      mcpCode: 'mcp.scope.denied',
    });
    await expect(
      lumen.client.getPrompt({ name: 'study_session', arguments: { course_slug: SQL } }),
    ).resolves.toBeDefined();
  });
});
