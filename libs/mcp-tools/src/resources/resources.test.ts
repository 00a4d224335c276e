import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';
import { seedDemoData } from '@lumen/domain';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';

import { connectInMemory, refusal } from '../testing/in-memory-client.js';
import type { InMemoryLumen } from '../testing/in-memory-client.js';

const SQL = 'database-indexing-in-postgresql';
const DRAFT = 'orbital-mechanics-for-beginners';

describe.each(testDatabases())('courses and lessons as resources on %s', (_kind, open) => {
  let db: Db;
  let lumen: InMemoryLumen;
  let client: Client;
  const as = (email: string, scopes?: string[]) => lumen.as(email, scopes);

  beforeAll(async () => {
    db = await open();
    await seedDemoData(db, new Date());
    await db.prisma.user.create({
      data: { email: 'other-teacher@lumen.test', displayName: 'Other', role: 'instructor' },
    });
    lumen = await connectInMemory(db);
    client = lumen.client;
    await as('learner@lumen.test');
  });
  afterAll(async () => {
    await client.close();
    await db.close();
  });
  afterEach(() => expect(lumen.internal).toEqual([]));

  it('declares resources without subscriptions or list changes', () => {
    expect(client.getServerCapabilities()?.resources).toEqual({
      subscribe: false,
      listChanged: false,
    });
  });

  it('lists the two templates with titles, descriptions and MIME types', async () => {
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates).toEqual([
      expect.objectContaining({
        uriTemplate: 'lumen://courses/{slug}',
        title: 'Course syllabus',
        mimeType: 'text/markdown',
        description: expect.stringContaining('get_course'),
      }),
      expect.objectContaining({
        uriTemplate: 'lumen://courses/{slug}/lessons/{lesson}',
        title: 'Lesson',
        mimeType: 'text/markdown',
      }),
    ]);
  });

  it('lists every visible course and lesson with sizes that match what a read returns', async () => {
    await as('learner@lumen.test');
    const { resources, nextCursor } = await client.listResources();
    expect(nextCursor).toBeUndefined();
    const courses = resources.filter((r) => !r.uri.includes('/lessons/'));
    expect(courses.map((r) => r.name).sort()).toEqual([
      'database-indexing-in-postgresql',
      'foundations-of-western-harmony',
      'how-cells-make-energy',
    ]);
    expect(resources.some((r) => r.uri.includes(DRAFT))).toBe(false);
    const lessons = resources.filter((r) => r.uri.includes('/lessons/'));
    expect(lessons.length).toBeGreaterThan(courses.length);
    for (const r of [courses[0]!, lessons[0]!, lessons[lessons.length - 1]!]) {
      const { contents } = await client.readResource({ uri: r.uri });
      const text = (contents[0] as { text: string }).text;
      expect(contents[0]).toMatchObject({ uri: r.uri, mimeType: 'text/markdown' });
      expect(Buffer.byteLength(text)).toBe(r.size);
    }
  });

  it('reads a syllabus with the caller’s completion marks and lesson links', async () => {
    await as('learner@lumen.test');
    const { contents } = await client.readResource({ uri: `lumen://courses/${SQL}` });
    const text = (contents[0] as { text: string }).text;
    expect(text).toMatch(/^# /);
    expect(text).toContain('completed 1 of');
    const boxes = text.match(/^- \[[ x]\] \[.+\]\(lumen:\/\/courses\/.+\/lessons\/.+\)/gm) ?? [];
    expect(boxes.length).toBeGreaterThan(1);
    expect(boxes[0]).toMatch(/^- \[x\]/);
    expect(boxes.slice(1).every((b) => b.startsWith('- [ ]'))).toBe(true);
  });

  it('reads a lesson as its markdown under a heading naming course and module', async () => {
    const { resources } = await client.listResources();
    const lesson = resources.find((r) => r.uri.startsWith(`lumen://courses/${SQL}/lessons/`))!;
    const row = await db.prisma.lesson.findFirstOrThrow({
      where: { slug: lesson.uri.split('/').pop()!, course: { slug: SQL } },
    });
    const { contents } = await client.readResource({ uri: lesson.uri });
    const text = (contents[0] as { text: string }).text;
    expect(text.startsWith(`# ${row.title}\n`)).toBe(true);
    expect(text.endsWith(row.contentMd)).toBe(true);
  });

  it("refuses another instructor's draft exactly like an unknown course", async () => {
    await as('other-teacher@lumen.test');
    const hidden = await refusal(client.readResource({ uri: `lumen://courses/${DRAFT}` }));
    expect(hidden).toMatchObject({ code: -32002, mcpCode: 'mcp.course.not_found' });
    const lesson = await refusal(
      client.readResource({ uri: `lumen://courses/${DRAFT}/lessons/keplers-laws` }),
    );
    expect(lesson).toMatchObject({ code: -32002, mcpCode: 'mcp.course.not_found' });
    const unknown = await refusal(client.readResource({ uri: 'lumen://courses/no-such-course' }));
    expect(unknown.code).toBe(-32002);
    expect(unknown.message.replace('no-such-course', DRAFT)).toBe(hidden.message);
    // Its owner and admins read it.
    await as('teacher@lumen.test');
    await expect(client.readResource({ uri: `lumen://courses/${DRAFT}` })).resolves.toBeDefined();
    await as('admin@lumen.test');
    await expect(
      client.readResource({ uri: `lumen://courses/${DRAFT}/lessons/keplers-laws` }),
    ).resolves.toBeDefined();
  });

  it('answers unknown lessons and foreign URIs with resource-not-found codes', async () => {
    await as('learner@lumen.test');
    expect(
      await refusal(client.readResource({ uri: `lumen://courses/${SQL}/lessons/nope` })),
    ).toMatchObject({ code: -32002, mcpCode: 'mcp.lesson.not_found' });
    for (const uri of ['file:///etc/passwd', 'lumen://courses/', `lumen://courses/${SQL}/x/y`]) {
      expect(await refusal(client.readResource({ uri }))).toMatchObject({
        code: -32002,
        mcpCode: 'mcp.resource.not_found',
      });
    }
  });

  it('refuses hostile URIs with mcp.invalid_argument and keeps serving', async () => {
    await as('learner@lumen.test');
    for (const uri of [
      'lumen://courses/a%00b',
      `lumen://courses/${SQL}/lessons/\u0000`,
      'lumen://courses/\ud800',
      'lumen://courses/%E0%A4%A',
      `lumen://courses/${'a'.repeat(100_000)}`,
    ]) {
      expect(await refusal(client.readResource({ uri }))).toMatchObject({
        code: -32602,
        mcpCode: 'mcp.invalid_argument',
      });
    }
    expect(
      await refusal(client.listResources({ cursor: 'MjAyNS0wMS0wMVQwMDowMDowMC4wMDBafG5vcGU' })),
    ).toMatchObject({ code: -32602, mcpCode: 'mcp.invalid_argument' });
    await expect(client.readResource({ uri: `lumen://courses/${SQL}` })).resolves.toBeDefined();
  });

  it('gates reads by scope and lists only what the client may read', async () => {
    await as('learner@lumen.test', ['get_course']);
    const syllabi = await client.listResources();
    expect(syllabi.resources.length).toBe(3);
    const lessonUri = `lumen://courses/${SQL}/lessons/b-tree-basics`;
    expect(await refusal(client.readResource({ uri: lessonUri }))).toMatchObject({
      code: -32003,
      mcpCode: 'mcp.scope.denied',
    });
    await as('learner@lumen.test', ['search_lesson_content']);
    expect((await client.listResources()).resources.every((r) => r.uri.includes('/lessons/'))).toBe(
      true,
    );
    expect(await refusal(client.readResource({ uri: `lumen://courses/${SQL}` }))).toMatchObject({
      code: -32003,
      mcpCode: 'mcp.scope.denied',
    });
    await as('learner@lumen.test', ['list_my_progress']);
    expect((await client.listResources()).resources).toEqual([]);
  });
});
