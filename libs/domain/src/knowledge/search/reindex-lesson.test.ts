import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';
import { chunkMarkdown, LumenError, reindexCourse, reindexLesson } from '../../index.js';

const paragraph = (topic: string, n: number) =>
  Array.from(
    { length: n },
    (_, i) => `Point ${i} about ${topic} is worth a sentence of its own here.`,
  ).join(' ');

const CONTENT = [
  '## Indexes',
  paragraph('btree indexes', 8),
  paragraph('gin indexes', 8),
  '## Vacuum',
  paragraph('vacuum and dead tuples', 8),
  '```sql\nVACUUM (VERBOSE) orders;\n```',
].join('\n\n');

async function createLesson(db: Db, slug: string, contentMd: string) {
  const owner = await db.prisma.user.create({
    data: { email: `${slug}@lumen.test`, displayName: slug, role: 'instructor' },
  });
  const course = await db.prisma.course.create({
    data: { slug, title: `Course ${slug}`, summary: '', ownerId: owner.id, status: 'published' },
  });
  const module = await db.prisma.module.create({
    data: { courseId: course.id, position: 0, title: 'M' },
  });
  const lesson = await db.prisma.lesson.create({
    data: {
      courseId: course.id,
      moduleId: module.id,
      position: 0,
      slug: 'postgres',
      title: 'PostgreSQL',
      contentMd,
    },
  });
  return { courseId: course.id, lessonId: lesson.id, moduleId: module.id };
}

const storedChunks = (db: Db, lessonId: string) =>
  db.prisma.lessonChunk.findMany({ where: { lessonId }, orderBy: { ordinal: 'asc' } });

describe.each(testDatabases())('reindexLesson on %s', (_kind, open) => {
  let db: Db;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(() => db.close());

  it('stores the chunks chunkMarkdown produces, with heading paths and ordinals', async () => {
    const { lessonId } = await createLesson(db, 'store', CONTENT);
    const result = await reindexLesson(db.prisma, lessonId);
    const expected = chunkMarkdown(CONTENT, { lessonId, lessonTitle: 'PostgreSQL' });
    const rows = await storedChunks(db, lessonId);
    expect(result.chunkCount).toBe(expected.length);
    expect(
      rows.map((r) => ({ id: r.id, ordinal: r.ordinal, headingPath: r.headingPath, text: r.text })),
    ).toEqual(expected);
  });

  it('keeps unchanged chunks, drops vanished ones and adds new ones when the lesson changes', async () => {
    const { lessonId } = await createLesson(db, 'edit', CONTENT);
    await reindexLesson(db.prisma, lessonId);
    const before = await storedChunks(db, lessonId);
    const edited = CONTENT.replace(
      paragraph('vacuum and dead tuples', 8),
      'Autovacuum runs on its own.',
    );
    await db.prisma.lesson.update({ where: { id: lessonId }, data: { contentMd: edited } });
    await reindexLesson(db.prisma, lessonId);
    const after = await storedChunks(db, lessonId);
    const beforeIds = new Set(before.map((c) => c.id));
    const indexChunks = after.filter((c) => c.headingPath[1] === 'Indexes');
    expect(indexChunks.length).toBeGreaterThan(0);
    expect(indexChunks.every((c) => beforeIds.has(c.id))).toBe(true);
    expect(after.some((c) => c.text.includes('Autovacuum runs on its own.'))).toBe(true);
    expect(after.some((c) => c.text.includes('dead tuples'))).toBe(false);
    expect(after.map((c) => c.id)).toEqual(
      chunkMarkdown(edited, { lessonId, lessonTitle: 'PostgreSQL' }).map((c) => c.id),
    );
  });

  it('runs inside the caller transaction, so a rollback leaves the old chunks', async () => {
    const { lessonId } = await createLesson(db, 'rollback', CONTENT);
    await reindexLesson(db.prisma, lessonId);
    const before = await storedChunks(db, lessonId);
    await expect(
      db.prisma.$transaction(async (tx) => {
        await tx.lesson.update({
          where: { id: lessonId },
          data: { contentMd: 'Entirely new text.' },
        });
        const result = await reindexLesson(tx, lessonId);
        expect(result.chunkCount).toBe(1);
        expect(await tx.lessonChunk.count({ where: { lessonId } })).toBe(1);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await storedChunks(db, lessonId)).toEqual(before);
  });

  it('re-indexes every lesson of a course', async () => {
    const { courseId, moduleId, lessonId } = await createLesson(db, 'course', CONTENT);
    await db.prisma.lesson.create({
      data: {
        courseId,
        moduleId,
        position: 1,
        slug: 'second',
        title: 'Second',
        contentMd: 'One short paragraph.',
      },
    });
    const result = await reindexCourse(db.prisma, courseId);
    expect(result.lessonCount).toBe(2);
    expect(result.chunkCount).toBe(
      chunkMarkdown(CONTENT, { lessonId, lessonTitle: 'PostgreSQL' }).length + 1,
    );
    expect(await db.prisma.lessonChunk.count({ where: { courseId } })).toBe(result.chunkCount);
  });

  it('fails with mcp.lesson.not_found for an unknown lesson', async () => {
    const error = await reindexLesson(db.prisma, '00000000-0000-4000-8000-000000000000').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LumenError);
    expect((error as LumenError).code).toBe('mcp.lesson.not_found');
  });
});
