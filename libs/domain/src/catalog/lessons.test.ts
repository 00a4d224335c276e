import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';

import { createCatalog, createEnrollments } from '../index.js';
import type { Actor, Catalog } from '../index.js';
import { makeCourse, makeUser } from './test-fixtures.js';

const now = new Date('2025-05-01T10:00:00.000Z');

describe.each(testDatabases())('lessons, syllabi and slug suggestions on %s', (_kind, open) => {
  let db: Db;
  let catalog: Catalog;
  let author: Actor;
  let other: Actor;
  let learner: Actor;
  let admin: Actor;
  // Each run gets its own slug prefix: PostgreSQL runs share one database.
  const p = `ls${Date.now().toString(36)}`;

  beforeAll(async () => {
    db = await open();
    catalog = createCatalog({ db });
    [author, other, learner, admin] = await Promise.all([
      makeUser(db, 'instructor'),
      makeUser(db, 'instructor'),
      makeUser(db),
      makeUser(db, 'admin'),
    ]);
    const course = await makeCourse(db, {
      owner: author,
      slug: `${p}-tides`,
      title: 'Tides',
      createdAt: new Date('2025-01-02T00:00:00.000Z'),
      modules: [
        { title: 'Basics', lessons: [{ slug: 'why-tides', minutes: 7 }, { slug: 'moon-pull' }] },
        { title: 'Further', lessons: [{ slug: 'spring-neap' }] },
      ],
      cards: [
        { prompt: 'What pulls the tides?', answer: 'The Moon', lesson: 'moon-pull' },
        { prompt: 'Twice a day?', answer: 'Yes', lesson: 'moon-pull' },
        { prompt: 'Unrelated', answer: 'x', lesson: 'why-tides' },
      ],
    });
    await db.prisma.lesson.update({
      where: { id: course.lessonIds['moon-pull']! },
      data: { contentMd: '## Gravité\n\nThe Moon pulls — gently.' },
    });
    await makeCourse(db, {
      owner: author,
      slug: `${p}-tides-draft`,
      status: 'draft',
      createdAt: new Date('2025-01-03T00:00:00.000Z'),
      modules: [{ title: 'Only', lessons: [{ slug: 'secret' }] }],
    });
    await makeCourse(db, {
      owner: author,
      slug: `${p}-waves`,
      createdAt: new Date('2025-01-01T00:00:00.000Z'),
    });
  });
  afterAll(() => db.close());

  it('reads one lesson with its markdown, module and card templates', async () => {
    const lesson = await catalog.getLesson(learner, `${p}-tides`, 'moon-pull');
    expect(lesson).toMatchObject({
      course: { slug: `${p}-tides`, title: 'Tides', status: 'published' },
      module: { position: 1, title: 'Basics' },
      slug: 'moon-pull',
      position: 2,
      completed: false,
      markdown: '## Gravité\n\nThe Moon pulls — gently.',
    });
    expect(lesson.cards).toEqual([
      { prompt: 'What pulls the tides?', answer: 'The Moon', cardId: null },
      { prompt: 'Twice a day?', answer: 'Yes', cardId: null },
    ]);
  });

  it('gives an enrolled learner their own card ids and completion mark', async () => {
    const enrollments = createEnrollments({ db });
    await enrollments.enroll(learner, `${p}-tides`, now);
    await enrollments.completeLesson(learner, 'moon-pull', now, `${p}-tides`);
    const lesson = await catalog.getLesson(learner, `${p}-tides`, 'moon-pull');
    expect(lesson.completed).toBe(true);
    const own = await db.prisma.reviewCard.findMany({
      where: { userId: learner.userId, lesson: { slug: 'moon-pull' } },
      select: { id: true, prompt: true },
    });
    expect(lesson.cards.map((c) => c.cardId).sort()).toEqual(own.map((c) => c.id).sort());
    // Another learner still sees the templates without anyone else's cards.
    const stranger = await catalog.getLesson(other, `${p}-tides`, 'moon-pull');
    expect(stranger.cards.every((c) => c.cardId === null)).toBe(true);
  });

  it('refuses invisible drafts and unknown lessons with their own codes', async () => {
    await expect(catalog.getLesson(other, `${p}-tides-draft`, 'secret')).rejects.toMatchObject({
      code: 'mcp.course.not_found',
    });
    await expect(catalog.getLesson(learner, `${p}-nope`, 'secret')).rejects.toMatchObject({
      code: 'mcp.course.not_found',
    });
    await expect(catalog.getLesson(learner, `${p}-tides`, 'nope')).rejects.toMatchObject({
      code: 'mcp.lesson.not_found',
    });
    await expect(catalog.getLesson(author, `${p}-tides-draft`, 'secret')).resolves.toMatchObject({
      slug: 'secret',
    });
    await expect(catalog.getLesson(admin, `${p}-tides-draft`, 'secret')).resolves.toMatchObject({
      slug: 'secret',
    });
  });

  it('lists syllabi page by page with byte sizes and completion marks', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    const all = [];
    do {
      const page = await catalog.listSyllabi(author, { limit: 1, cursor });
      expect(page.courses.length).toBeLessThanOrEqual(1);
      all.push(...page.courses);
      seen.push(...page.courses.map((c) => c.slug));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const mine = seen.filter((s) => s.startsWith(p));
    expect(mine).toEqual([`${p}-tides-draft`, `${p}-tides`, `${p}-waves`]);
    expect(new Set(seen).size).toBe(seen.length);

    const asLearner = await catalog.listSyllabi(learner, { limit: 100 });
    const slugs = asLearner.courses.map((c) => c.slug);
    expect(slugs).toContain(`${p}-tides`);
    expect(slugs).not.toContain(`${p}-tides-draft`);
    const tides = asLearner.courses.find((c) => c.slug === `${p}-tides`)!;
    expect(tides.lessonsCompleted).toBe(1);
    expect(tides.modules.map((m) => [m.title, m.lessons.map((l) => l.slug)])).toEqual([
      ['Basics', ['why-tides', 'moon-pull']],
      ['Further', ['spring-neap']],
    ]);
    const moon = tides.modules[0]!.lessons[1]!;
    expect(moon.completed).toBe(true);
    expect(moon.markdownBytes).toBe(Buffer.byteLength('## Gravité\n\nThe Moon pulls — gently.'));
    expect(tides.modules[0]!.lessons[0]!).toMatchObject({ estimatedMinutes: 7, markdownBytes: 0 });
    const waves = asLearner.courses.find((c) => c.slug === `${p}-waves`)!;
    expect(waves.modules).toEqual([]);
  });

  it('suggests visible course slugs by prefix, and lessons in syllabus order', async () => {
    expect((await catalog.suggestCourseSlugs(learner, p)).values).toEqual([
      `${p}-tides`,
      `${p}-waves`,
    ]);
    expect((await catalog.suggestCourseSlugs(author, p.toUpperCase())).values).toEqual([
      `${p}-tides`,
      `${p}-tides-draft`,
      `${p}-waves`,
    ]);
    expect((await catalog.suggestCourseSlugs(admin, `${p}-tides-`)).values).toEqual([
      `${p}-tides-draft`,
    ]);
    expect(await catalog.suggestCourseSlugs(learner, p, 1)).toEqual({
      values: [`${p}-tides`],
      hasMore: true,
    });
    // LIKE wildcards typed by a user are plain characters.
    expect((await catalog.suggestCourseSlugs(learner, `${p}%`)).values).toEqual([]);
    expect((await catalog.suggestCourseSlugs(learner, `${p}_`)).values).toEqual([]);

    expect((await catalog.suggestLessonSlugs(learner, `${p}-tides`, '')).values).toEqual([
      'why-tides',
      'moon-pull',
      'spring-neap',
    ]);
    expect((await catalog.suggestLessonSlugs(learner, `${p}-tides`, 'm')).values).toEqual([
      'moon-pull',
    ]);
    expect((await catalog.suggestLessonSlugs(other, `${p}-tides-draft`, '')).values).toEqual([]);
    expect((await catalog.suggestLessonSlugs(author, `${p}-tides-draft`, '')).values).toEqual([
      'secret',
    ]);
    await expect(catalog.suggestCourseSlugs(learner, '', 101)).rejects.toMatchObject({
      code: 'mcp.invalid_argument',
    });
  });
});
