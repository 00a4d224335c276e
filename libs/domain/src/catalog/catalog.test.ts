import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';

import { createCatalog, createEnrollments, courseSearchText } from '../index.js';
import type { Catalog } from '../index.js';
import { makeCourse, makeUser } from './test-fixtures.js';

const now = new Date('2025-05-01T10:00:00.000Z');

describe('courseSearchText', () => {
  it('folds case and accents of title, summary and subject name', () => {
    expect(courseSearchText('Résumé Writing', 'Crème BRÛLÉE  for\tbeginners', 'Señor Ñame')).toBe(
      'resume writing creme brulee for beginners senor name',
    );
  });
});

describe.each(testDatabases())('catalog on %s', (_kind, open) => {
  let db: Db;
  let catalog: Catalog;
  beforeAll(async () => {
    db = await open();
    catalog = createCatalog({ db });
  });
  afterAll(() => db.close());

  it('hides other people’s drafts and shows the caller’s own, marked as drafts', async () => {
    const author = await makeUser(db, 'instructor');
    const other = await makeUser(db);
    await makeCourse(db, { owner: author, slug: 'vis-pub', title: 'Zebrafish published' });
    await makeCourse(db, {
      owner: author,
      slug: 'vis-draft',
      title: 'Zebrafish draft',
      status: 'draft',
    });

    const mine = await catalog.listCourses(author, { filter: 'zebrafish' }, now);
    expect(mine.courses.map((c) => [c.slug, c.status])).toEqual(
      expect.arrayContaining([
        ['vis-pub', 'published'],
        ['vis-draft', 'draft'],
      ]),
    );
    const theirs = await catalog.listCourses(other, { filter: 'zebrafish' }, now);
    expect(theirs.courses.map((c) => c.slug)).toEqual(['vis-pub']);

    await expect(catalog.getCourse(other, 'vis-draft')).rejects.toMatchObject({
      code: 'mcp.course.not_found',
    });
    await expect(catalog.getCourse(other, 'no-such-course')).rejects.toMatchObject({
      code: 'mcp.course.not_found',
    });
    await expect(catalog.getCourse(author, 'vis-draft')).resolves.toMatchObject({
      status: 'draft',
    });
    const admin = await makeUser(db, 'admin');
    await expect(catalog.getCourse(admin, 'vis-draft')).resolves.toMatchObject({
      slug: 'vis-draft',
    });
  });

  it('filters case- and accent-insensitively over title, summary and subject, every word', async () => {
    const owner = await makeUser(db, 'instructor');
    await makeCourse(db, {
      owner,
      slug: 'acc-1',
      title: 'Le Résumé parfait',
      summary: 'Écrire un CV',
    });
    await makeCourse(db, {
      owner,
      slug: 'acc-2',
      title: 'Interviews',
      summary: 'Talking about your resume',
      subject: { slug: 'careers-acc', name: 'Carrières Qwertyuiop' },
    });
    await makeCourse(db, { owner, slug: 'acc-3', title: '100% pure_ness', summary: 'unrelated' });
    const slugs = async (filter: string) =>
      (await catalog.listCourses(owner, { filter }, now)).courses.map((c) => c.slug).sort();

    expect(await slugs('resume')).toEqual(expect.arrayContaining(['acc-1', 'acc-2']));
    expect(await slugs('RÉSUMÉ parfait')).toEqual(['acc-1']);
    expect(await slugs('ecrire cv')).toEqual(['acc-1']);
    expect(await slugs('carrieres qwertyuiop')).toEqual(['acc-2']);
    expect(await slugs('resume qwertyuiop')).toEqual(['acc-2']);
    expect(await slugs('100% pure_ness')).toEqual(['acc-3']);
    expect(await slugs('1000% pure')).toEqual([]);
  });

  it('pages newest first through every course exactly once with an opaque cursor', async () => {
    const owner = await makeUser(db, 'instructor');
    const base = Date.parse('2024-01-01T00:00:00.000Z');
    const made: string[] = [];
    for (let i = 0; i < 7; i++) {
      // Two courses share each creation time, so the id tie-break is exercised.
      const createdAt = new Date(base + Math.floor(i / 2) * 60_000);
      made.push(
        (
          await makeCourse(db, {
            owner,
            slug: `page-${i}`,
            title: `Paging xylophone ${i}`,
            createdAt,
          })
        ).slug,
      );
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await catalog.listCourses(owner, { filter: 'xylophone', limit: 3, cursor }, now);
      seen.push(...page.courses.map((c) => c.slug));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect([...seen].sort()).toEqual([...made].sort());
    expect(new Set(seen).size).toBe(7);
    const createdOrder = await db.prisma.course.findMany({
      where: { slug: { in: made } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: { slug: true },
    });
    expect(seen).toEqual(createdOrder.map((c) => c.slug));
  });

  it('rejects a limit outside 1-100 and a garbled cursor', async () => {
    const user = await makeUser(db);
    for (const limit of [0, 101, 2.5]) {
      await expect(catalog.listCourses(user, { limit }, now)).rejects.toMatchObject({
        code: 'mcp.invalid_argument',
      });
    }
    for (const cursor of [
      'garbage!',
      'Zm9v',
      Buffer.from('2024-01-01T00:00:00.000Z|nope').toString('base64url'),
      Buffer.from('{"createdAt":1,"id":2}').toString('base64url'),
      Buffer.from('2024-01-01T00:00:00.000Z|00000000-0000-4000-8000-000000000000|x').toString(
        'base64url',
      ),
      Buffer.from('2024-01-01T00:00:00.000Z|a\u0000').toString('base64url'),
      // Well-formed but absurd: years JavaScript's Date accepts and PostgreSQL cannot read.
      ...['0000', '-000001', '+010000', '+275760', '+000001'].map((year) =>
        Buffer.from(`${year}-09-13T00:00:00.000Z|00000000-0000-4000-8000-000000000000`).toString(
          'base64url',
        ),
      ),
    ]) {
      await expect(catalog.listCourses(user, { cursor }, now)).rejects.toMatchObject({
        code: 'mcp.invalid_argument',
      });
    }
    await expect(catalog.listCourses(user, { limit: 100 }, now)).resolves.toBeDefined();
  });

  it('accepts a well-formed cursor from the first and the last representable year', async () => {
    const user = await makeUser(db);
    for (const iso of ['0001-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z']) {
      const cursor = Buffer.from(`${iso}|00000000-0000-4000-8000-000000000000`).toString(
        'base64url',
      );
      await expect(catalog.listCourses(user, { cursor }, now)).resolves.toMatchObject({
        courses: expect.any(Array),
      });
    }
  });

  it('shows a module without lessons and a course without modules, and only the caller’s completions', async () => {
    const owner = await makeUser(db, 'instructor');
    const learner = await makeUser(db);
    const other = await makeUser(db);
    await makeCourse(db, {
      owner,
      slug: 'syl-empty-module',
      subject: null,
      modules: [
        { title: 'Intro', lessons: [{ slug: 'e1', minutes: 4 }] },
        { title: 'Coming soon', lessons: [] },
      ],
    });
    await makeCourse(db, { owner, slug: 'syl-no-modules', modules: [] });
    const enrollments = createEnrollments({ db });
    await enrollments.enroll(other, 'syl-empty-module', now);
    await enrollments.completeLesson(other, 'e1', now, 'syl-empty-module');
    const course = await catalog.getCourse(learner, 'syl-empty-module');
    expect(course).toMatchObject({
      subject: null,
      enrolled: false,
      lessonCount: 1,
      lessonsCompleted: 0,
      estimatedMinutes: 4,
    });
    expect(course.modules.map((m) => [m.title, m.lessons.map((l) => l.completed)])).toEqual([
      ['Intro', [false]],
      ['Coming soon', []],
    ]);
    await expect(catalog.getCourse(learner, 'syl-no-modules')).resolves.toMatchObject({
      modules: [],
      lessonCount: 0,
      estimatedMinutes: 0,
    });
  });

  it('reports lessons, minutes, subject, enrolment and the syllabus with completions', async () => {
    const owner = await makeUser(db, 'instructor');
    const learner = await makeUser(db);
    await makeCourse(db, {
      owner,
      slug: 'syl',
      title: 'Syllabus quokka',
      subject: { slug: 'bio-syl', name: 'Biology' },
      modules: [
        {
          title: 'First',
          lessons: [
            { slug: 'a', minutes: 10 },
            { slug: 'b', minutes: 7 },
          ],
        },
        { title: 'Second', lessons: [{ slug: 'c', minutes: 3 }] },
      ],
    });
    const before = await catalog.listCourses(learner, { filter: 'quokka' }, now);
    expect(before.courses).toEqual([
      {
        slug: 'syl',
        title: 'Syllabus quokka',
        summary: 'A course.',
        subject: { slug: 'bio-syl', name: 'Biology' },
        status: 'published',
        lessonCount: 3,
        estimatedMinutes: 20,
        enrolled: false,
      },
    ]);
    expect(before.nextCursor).toBeNull();
    const enrollments = createEnrollments({ db });
    await enrollments.enroll(learner, 'syl', now);
    await enrollments.completeLesson(learner, 'b', now, 'syl');
    const after = await catalog.listCourses(learner, { filter: 'quokka' }, now);
    expect(after.courses[0]?.enrolled).toBe(true);

    const course = await catalog.getCourse(learner, 'syl');
    expect(course).toMatchObject({
      lessonCount: 3,
      estimatedMinutes: 20,
      enrolled: true,
      lessonsCompleted: 1,
    });
    expect(
      course.modules.map((m) => [
        m.title,
        m.lessons.map((l) => [l.slug, l.estimatedMinutes, l.completed]),
      ]),
    ).toEqual([
      [
        'First',
        [
          ['a', 10, false],
          ['b', 7, true],
        ],
      ],
      ['Second', [['c', 3, false]]],
    ]);
  });
});
