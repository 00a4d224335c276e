import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { randomUUID } from 'node:crypto';

import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';

import {
  createAuthoring,
  createLlmGateway,
  createNoopProvider,
  createOpenAiProvider,
  isLumenError,
} from '../index.js';
import type { Actor, Authoring, CourseOutline, DraftProgressEvent } from '../index.js';

import {
  openAiCompletion,
  startLoopbackModelServer,
} from '../llm/testing/loopback-model-server.js';
import type { LoopbackModelServer } from '../llm/testing/loopback-model-server.js';

const NOW = new Date('2026-05-04T09:00:00.000Z');
const BRIEF =
  'Introduction to Git for designers. Git records snapshots of a project called commits. ' +
  'A branch is a movable pointer to a commit. Merging combines the work of two branches. ' +
  'Remotes let a team share commits through a server.';

const GOOD: CourseOutline = {
  title: 'Git for Designers',
  summary: 'Version control for people who ship pixels.',
  modules: [
    {
      title: 'Basics',
      lessons: [
        {
          title: 'Commits',
          objectives: ['Make a commit'],
          body: 'A commit is a snapshot of the project.',
        },
        {
          title: 'Branches',
          objectives: ['Create a branch'],
          body: 'A branch is a pointer to a commit.',
        },
      ],
    },
  ],
  cards: [
    { lessonIndex: 0, prompt: 'What is a commit?', answer: 'A snapshot of the project.' },
    { lessonSlug: 'branches', prompt: 'What is a branch?', answer: 'A pointer to a commit.' },
  ],
};

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isLumenError(error)) return error.code;
    throw error;
  }
  throw new Error('expected a LumenError');
}

async function makeUser(db: Db, role: Actor['role']): Promise<Actor> {
  const id = randomUUID();
  await db.prisma.user.create({
    data: { id, email: `${id}@example.test`, displayName: 'Someone', role },
  });
  return { userId: id, role, clientId: 'client-test' };
}

describe.each(testDatabases())('create_course_draft on %s', (_kind, open) => {
  let db: Db;
  let offline: Authoring;
  let instructor: Actor;
  let model: LoopbackModelServer;
  let replies: string[];

  beforeAll(async () => {
    db = await open();
    offline = createAuthoring({
      db,
      gateway: createLlmGateway({ db, provider: createNoopProvider() }),
    });
    instructor = await makeUser(db, 'instructor');
    await db.prisma.subject.create({ data: { slug: 'software', name: 'Software Engineering' } });
    replies = [];
    model = await startLoopbackModelServer((_request, index) =>
      openAiCompletion(replies[index] ?? 'no more replies', 120, 80),
    );
  });
  afterAll(async () => {
    await model.close();
    await db.close();
  });

  const online = () =>
    createAuthoring({
      db,
      gateway: createLlmGateway({
        db,
        provider: createOpenAiProvider({
          apiKey: 'sk-loopback',
          model: 'gpt-4o-mini',
          baseUrl: `${model.url}/v1`,
          maxAttempts: 1,
        }),
      }),
    });
  const logRows = (userId: string) =>
    db.prisma.llmCallLog.findMany({
      where: { userId, feature: 'mcp.create_course_draft' },
      orderBy: { createdAt: 'asc' },
    });

  it('drafts a course offline from the brief alone, the same way every time', async () => {
    const events: DraftProgressEvent[] = [];
    const first = await offline.createCourseDraft(
      instructor,
      { brief: BRIEF, subjectSlug: 'software' },
      { onProgress: (e) => events.push(e) },
      NOW,
    );
    const second = await offline.createCourseDraft(instructor, { brief: BRIEF }, {}, NOW);
    expect(second.outline).toEqual(first.outline);
    expect(first.outline.title).toBe('Introduction to Git for designers');
    expect(first.outline.modules.flatMap((m) => m.lessons.map((l) => l.title))).toEqual([
      'Git records snapshots of a project called commits',
      'A branch is a movable pointer to a commit',
      'Merging combines the work of two branches',
      'Remotes let a team share commits through a server',
    ]);
    expect(first).toMatchObject({ slug: 'introduction-to-git-for-designers', status: 'draft' });
    expect(second.slug).toBe('introduction-to-git-for-designers-2');

    const course = await db.prisma.course.findUniqueOrThrow({
      where: { id: first.courseId },
      include: { subject: true },
    });
    expect(course).toMatchObject({ status: 'draft', ownerId: instructor.userId });
    expect(course.subject?.slug).toBe('software');
    expect(course.searchText).toContain('software engineering');
    const lessons = await db.prisma.lesson.findMany({ where: { courseId: first.courseId } });
    expect(lessons).toHaveLength(4);
    expect(lessons.every((lesson) => lesson.contentMd.includes('## Learning objectives'))).toBe(
      true,
    );
    expect(
      await db.prisma.cardTemplate.count({
        where: { courseId: first.courseId, lessonId: { not: null } },
      }),
    ).toBe(4);
    const chunks = await db.prisma.lessonChunk.findMany({ where: { courseId: first.courseId } });
    expect(new Set(chunks.map((chunk) => chunk.lessonId)).size).toBe(4);
    expect(events.map((e) => e.stage)).toEqual([
      'outlining',
      'outlining',
      'indexing',
      'indexing',
      'indexing',
      'indexing',
    ]);
    expect(await logRows(instructor.userId)).toHaveLength(2);
  });

  it('refuses empty and over-long briefs, unknown subjects and learners', async () => {
    expect(await codeOf(offline.createCourseDraft(instructor, { brief: '   ' }, {}, NOW))).toBe(
      'mcp.authoring.invalid_brief',
    );
    expect(
      await codeOf(offline.createCourseDraft(instructor, { brief: 'a'.repeat(4001) }, {}, NOW)),
    ).toBe('mcp.authoring.invalid_brief');
    expect(
      await codeOf(
        offline.createCourseDraft(instructor, { brief: BRIEF, subjectSlug: 'alchemy' }, {}, NOW),
      ),
    ).toBe('mcp.subject.not_found');
    const learner = await makeUser(db, 'learner');
    expect(await codeOf(offline.createCourseDraft(learner, { brief: BRIEF }, {}, NOW))).toBe(
      'mcp.forbidden',
    );
  });

  it('repairs an invalid model outline once by sending back the validation errors', async () => {
    const author = await makeUser(db, 'instructor');
    const start = model.requests.length;
    replies[start] = 'Here is your course: {"title": "Git", "modules": []}';
    replies[start + 1] = '```json\n' + JSON.stringify(GOOD) + '\n```';
    const result = await online().createCourseDraft(author, { brief: BRIEF }, {}, NOW);
    expect(result.outline.title).toBe('Git for Designers');
    expect(model.requests.length - start).toBe(2);
    const repair = JSON.stringify(model.requests[start + 1]?.body);
    expect(repair).toContain('does not fit the required JSON shape');
    expect(repair).toContain('summary');
    const cards = await db.prisma.cardTemplate.findMany({
      where: { courseId: result.courseId },
      include: { lesson: true },
      orderBy: { position: 'asc' },
    });
    expect(cards.map((card) => card.lesson?.title)).toEqual(['Commits', 'Branches']);
    const rows = await logRows(author.userId);
    expect(rows.map((row) => [row.provider, row.status, row.tokensIn, row.tokensOut])).toEqual([
      ['openai', 'ok', 120, 80],
      ['openai', 'ok', 120, 80],
    ]);
  });

  it('fails with invalid_outline when the repaired outline is still invalid, writing nothing', async () => {
    const author = await makeUser(db, 'instructor');
    const start = model.requests.length;
    replies[start] = 'not json at all';
    replies[start + 1] = JSON.stringify({
      ...GOOD,
      cards: [{ lessonIndex: 9, prompt: 'Q', answer: 'A' }],
    });
    expect(await codeOf(online().createCourseDraft(author, { brief: BRIEF }, {}, NOW))).toBe(
      'mcp.authoring.invalid_outline',
    );
    expect(await db.prisma.course.count({ where: { ownerId: author.userId } })).toBe(0);
    expect(await logRows(author.userId)).toHaveLength(2);
  });

  it('rolls the whole draft back when cancelled while indexing', async () => {
    const author = await makeUser(db, 'instructor');
    const controller = new AbortController();
    const onProgress = (event: DraftProgressEvent) => {
      if (event.stage === 'indexing' && event.progress === 3) controller.abort();
    };
    const code = await codeOf(
      offline.createCourseDraft(
        author,
        { brief: BRIEF },
        { onProgress, signal: controller.signal },
        NOW,
      ),
    );
    expect(code).toBe('mcp.cancelled');
    expect(await db.prisma.course.count({ where: { ownerId: author.userId } })).toBe(0);
  });
});
