import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { randomUUID } from 'node:crypto';

import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';

import { createIngest, createLlmGateway, createNoopProvider, isLumenError } from '../index.js';
import type { Actor, DraftProgressEvent, HostLookup, Ingest } from '../index.js';

import {
  openAiCompletion,
  startLoopbackModelServer,
} from '../llm/testing/loopback-model-server.js';
import { createOpenAiProvider } from '../llm/openai-provider.js';
import {
  GDOC_HTML_ONLY_ID,
  GDOC_ID,
  NOTION_PAGE_ID,
  NOTION_TOKEN,
  VIDEO_WITH_CHAPTERS,
  VIDEO_XML_NO_CHAPTERS,
  startFixtureSite,
} from './testing/fixture-site.js';
import type { FixtureSite } from './testing/fixture-site.js';
import { FOOTER_TEXT, NAV_TEXT } from './testing/page-fixtures.js';

const NOW = new Date('2026-05-04T09:00:00.000Z');

const HOSTS: Record<string, string> = {
  'acme.notion.site': '127.0.0.1',
  'blog.example': '127.0.0.1',
  'loopback.example': '127.0.0.1',
  'internal.example': '10.0.0.5',
  'metadata.internal': '169.254.169.254',
};
const lookup: HostLookup = (hostname) => {
  const address = HOSTS[hostname];
  return address
    ? Promise.resolve([{ address, family: 4 }])
    : Promise.reject(new Error(`ENOTFOUND ${hostname}`));
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
  return { userId: id, role };
}

describe.each(testDatabases())('ingest_url_to_draft on %s', (_kind, open) => {
  let db: Db;
  let site: FixtureSite;
  let ingest: Ingest;
  let strict: Ingest;
  let instructor: Actor;

  beforeAll(async () => {
    db = await open();
    site = await startFixtureSite();
    const gateway = createLlmGateway({ db, provider: createNoopProvider() });
    const shared = {
      db,
      gateway,
      lookup,
      youtubeBase: site.base,
      gdocsBase: site.base,
      notionApiBase: site.base,
    };
    ingest = createIngest({ ...shared, allowHosts: ['127.0.0.0/8'] });
    // No loopback range allowed: only the named host 'blog.example' may be internal.
    strict = createIngest({
      ...shared,
      allowHosts: ['blog.example'],
      maxBytes: 4096,
      maxRedirects: 3,
    });
    instructor = await makeUser(db, 'instructor');
  });
  afterAll(async () => {
    await site.close();
    await db.close();
  });

  const lessonsOf = (courseId: string) =>
    db.prisma.lesson.findMany({
      where: { courseId },
      orderBy: [{ module: { position: 'asc' } }, { position: 'asc' }],
    });

  it('turns a YouTube video into one transcript lesson per description chapter', async () => {
    const events: DraftProgressEvent[] = [];
    const result = await ingest.ingestUrlToDraft(
      instructor,
      { url: `https://youtu.be/${VIDEO_WITH_CHAPTERS}` },
      { onProgress: (event) => events.push(event) },
      NOW,
    );
    expect(result.source).toEqual({
      kind: 'youtube',
      title: 'Git in 6 Minutes',
      url: `https://youtu.be/${VIDEO_WITH_CHAPTERS}`,
    });
    expect(result.status).toBe('draft');
    const lessons = await lessonsOf(result.courseId);
    expect(lessons.map((lesson) => lesson.title)).toEqual(['Intro', 'Branches', 'Merging']);
    expect(lessons[0]?.contentMd).toContain(
      '**[0:00]** Welcome to this Git course. Git is a distributed version control system.',
    );
    expect(lessons[2]?.contentMd).toContain('joins two histories & keeps both');
    // The English human track was chosen over the automatic German one.
    expect(site.requests.some((r) => r.includes('lang=en') && r.includes('fmt=json3'))).toBe(true);
    const cards = await db.prisma.cardTemplate.findMany({ where: { courseId: result.courseId } });
    expect(cards.map((card) => card.prompt)).toContain('What is a branch?');
    expect(
      await db.prisma.lessonChunk.count({ where: { courseId: result.courseId } }),
    ).toBeGreaterThanOrEqual(3);
    expect(new Set(events.map((event) => event.stage))).toEqual(
      new Set(['fetching', 'extracting', 'outlining', 'indexing']),
    );
  });

  it('cuts a video without chapters into five-minute spans from an XML track', async () => {
    const result = await ingest.ingestUrlToDraft(
      instructor,
      { url: `https://www.youtube.com/watch?v=${VIDEO_XML_NO_CHAPTERS}&t=5s` },
      {},
      NOW,
    );
    const lessons = await lessonsOf(result.courseId);
    expect(lessons.map((lesson) => lesson.title)).toEqual([
      'Part 1 (0:00–5:00)',
      'Part 2 (5:00–10:00)',
      'Part 3 (10:00–12:00)',
    ]);
    expect(lessons[1]?.contentMd).toContain('Chlorophyll absorbs red & blue light.');
  });

  it('reads a public Notion page as HTML when no token is configured', async () => {
    const url = `http://acme.notion.site:${site.port}/Git-Basics-${NOTION_PAGE_ID}`;
    const result = await ingest.ingestUrlToDraft(instructor, { url }, {}, NOW);
    expect(result.source.kind).toBe('notion');
    expect(result.source.title).toBe('Git Basics');
    const lessons = await lessonsOf(result.courseId);
    expect(lessons.map((lesson) => lesson.title)).toEqual(['Git Basics']);
    expect(lessons[0]?.contentMd).toMatch(/## Commits[\s\S]+## Remotes/);
  });

  it('reads a Notion page through the API, following pagination and nested blocks', async () => {
    const withToken = createIngest({
      db,
      gateway: createLlmGateway({ db, provider: createNoopProvider() }),
      lookup,
      allowHosts: ['127.0.0.0/8'],
      notionToken: NOTION_TOKEN,
      notionApiBase: site.base,
    });
    const url = `https://www.notion.so/acme/JavaScript-Basics-${NOTION_PAGE_ID}`;
    const result = await withToken.ingestUrlToDraft(instructor, { url }, {}, NOW);
    expect(result.source.title).toBe('JavaScript Basics');
    const lessons = await lessonsOf(result.courseId);
    expect(lessons.map((lesson) => lesson.title)).toEqual(['JavaScript Basics']);
    expect(lessons[0]?.contentMd).toMatch(/Variables[\s\S]+Loops/);
    expect(lessons[0]?.contentMd).toContain(
      'A variable is a named place to keep a value. **Name them well.**',
    );
    expect(lessons[0]?.contentMd).toContain(
      '- let declares a variable\n   - _block scoped_\n- const declares a constant',
    );
    expect(lessons[0]?.contentMd).toContain('```javascript\nlet total = 0;\ntotal += 1;\n```');
    expect(lessons[0]?.contentMd).toContain('1. for loops count\n2. while loops wait');
    expect(lessons[0]?.contentMd).toContain('| Loop | Use |\n| --- | --- |\n| for | known count |');
  });

  it('imports a link-shared Google Doc from its markdown export', async () => {
    const url = `https://docs.google.com/document/d/${GDOC_ID}/edit?usp=sharing`;
    const result = await ingest.ingestUrlToDraft(instructor, { url }, {}, NOW);
    expect(result.source).toMatchObject({ kind: 'gdocs', title: 'Onboarding Handbook' });
    const lessons = await lessonsOf(result.courseId);
    expect(lessons.map((lesson) => lesson.title)).toEqual(['Onboarding Handbook']);
    expect(lessons[0]?.contentMd).toContain('Welcome to the team.');
    expect(lessons[0]?.contentMd).toMatch(/## Your first week[\s\S]+## Tools we use/);
    expect(lessons[0]?.contentMd).toContain('| Git | Version control |');
  });

  it('falls back to the HTML export when markdown is not offered', async () => {
    const url = `https://docs.google.com/document/d/${GDOC_HTML_ONLY_ID}/edit`;
    const result = await ingest.ingestUrlToDraft(instructor, { url }, {}, NOW);
    const lessons = await lessonsOf(result.courseId);
    expect(lessons.map((lesson) => lesson.title)).toEqual([result.source.title]);
    expect(lessons[0]?.contentMd).toMatch(/Spills[\s\S]+Waste/);
  });

  it('keeps a blog article’s headings, code and table and drops its navigation and footer', async () => {
    const result = await ingest.ingestUrlToDraft(
      instructor,
      { url: `${site.base}/redirect-to-post` },
      {},
      NOW,
    );
    expect(result.source).toMatchObject({ kind: 'web', title: 'Understanding Git Rebase' });
    const course = await db.prisma.course.findUniqueOrThrow({ where: { id: result.courseId } });
    expect(course).toMatchObject({
      status: 'draft',
      ownerId: instructor.userId,
      title: 'Understanding Git Rebase',
    });
    expect(course.slug).toBe('understanding-git-rebase');
    const lessons = await lessonsOf(result.courseId);
    expect(lessons.map((lesson) => lesson.title)).toEqual(['Understanding Git Rebase']);
    expect(lessons[0]?.contentMd).toMatch(
      /## What rebase does[\s\S]+## Try it[\s\S]+## Rebase or merge\?/,
    );
    const all = lessons.map((lesson) => lesson.contentMd).join('\n');
    expect(all).toContain('```bash\ngit switch feature\ngit rebase main\n```');
    expect(all).toContain('| Command | History |');
    expect(all).toContain('- It rewrites commit ids');
    for (const chrome of [NAV_TEXT, FOOTER_TEXT, 'Related posts', 'Privacy'])
      expect(all).not.toContain(chrome);
  });

  it('makes each page one lesson titled as a person would, keeping every page title in its chunks’ heading paths', async () => {
    const author = await makeUser(db, 'instructor');
    const first = await ingest.ingestUrlToDraft(
      author,
      { url: `${site.base}/guides/chain` },
      {},
      NOW,
    );
    // Not the site's name from the header <h1> or the <title> suffix.
    expect(first.source.title).toBe('Chain Care');
    const course = await db.prisma.course.findUniqueOrThrow({ where: { id: first.courseId } });
    expect(course.title).toBe('Chain Care');
    for (const url of [`${site.base}/guides/brakes`, `${site.base}/guides/brakes`]) {
      await ingest.ingestUrlToDraft(author, { url, courseId: first.courseId }, {}, NOW);
    }
    const lessons = await lessonsOf(first.courseId);
    expect(lessons.map((lesson) => lesson.title)).toEqual([
      'Chain Care',
      'Brake Care',
      'Brake Care (2)',
    ]);
    expect(lessons[1]?.contentMd).toMatch(/## Pads[\s\S]+## Common mistakes/);
    const chunks = await db.prisma.lessonChunk.findMany({
      where: { courseId: first.courseId },
      include: { lesson: { select: { title: true } } },
    });
    for (const chunk of chunks) expect(chunk.headingPath[0]).toBe(chunk.lesson.title);
    // Both pages have a "Common mistakes" section; their passages stay told apart.
    const mistakes = chunks
      .filter((chunk) => chunk.headingPath.includes('Common mistakes'))
      .map((chunk) => chunk.headingPath.join(' > '))
      .sort();
    expect(mistakes).toEqual([
      'Brake Care (2) > Common mistakes',
      'Brake Care > Common mistakes',
      'Chain Care > Common mistakes',
    ]);
  });

  it('names a draft of several pages from one site after the site, not after its first page', async () => {
    const author = await makeUser(db, 'instructor');
    const ingestPages = async ([first, ...more]: readonly string[]) => {
      const { courseId } = await ingest.ingestUrlToDraft(
        author,
        { url: `${site.base}${first}` },
        {},
        NOW,
      );
      for (const path of more)
        await ingest.ingestUrlToDraft(author, { url: `${site.base}${path}`, courseId }, {}, NOW);
      return db.prisma.course.findUniqueOrThrow({ where: { id: courseId } });
    };
    // One page: the page's own title.
    expect((await ingestPages(['/guides/chain'])).title).toBe('Chain Care');
    // Two pages of "Spoke & Chain" (og:site_name): the site, also in the catalog search text.
    const guides = await ingestPages(['/guides/chain', '/guides/brakes']);
    expect(guides.title).toBe('Spoke & Chain');
    expect(guides.slug).toMatch(/^chain-care/);
    expect(guides.searchText).toContain('spoke & chain');
    // The site named only at the end of <title> ("Understanding Git Rebase | Example Blog").
    expect((await ingestPages(['/blog/post', '/blog/post'])).title).toBe('Example Blog');
    // Pages from two sites: the draft keeps its first page's title, whatever joins later.
    expect((await ingestPages(['/guides/chain', '/blog/post', '/guides/brakes'])).title).toBe(
      'Chain Care',
    );
    // A published course keeps its title.
    const published = await ingest.ingestUrlToDraft(
      author,
      { url: `${site.base}/guides/chain` },
      {},
      NOW,
    );
    await db.prisma.course.update({
      where: { id: published.courseId },
      data: { status: 'published' },
    });
    await ingest.ingestUrlToDraft(
      author,
      { url: `${site.base}/guides/brakes`, courseId: published.courseId },
      {},
      NOW,
    );
    expect(
      (await db.prisma.course.findUniqueOrThrow({ where: { id: published.courseId } })).title,
    ).toBe('Chain Care');
  });

  it('appends lessons to a course the caller owns, and hides other people’s courses', async () => {
    const first = await ingest.ingestUrlToDraft(
      instructor,
      { url: `${site.base}/blog/post` },
      {},
      NOW,
    );
    const again = await ingest.ingestUrlToDraft(
      instructor,
      { url: `${site.base}/blog/post`, courseId: first.courseId },
      {},
      NOW,
    );
    expect(again).toMatchObject({ courseId: first.courseId, slug: first.slug, lessonsAdded: 1 });
    const lessons = await lessonsOf(first.courseId);
    expect(lessons.map((lesson) => lesson.title)).toEqual([
      'Understanding Git Rebase',
      'Understanding Git Rebase (2)',
    ]);
    expect(new Set(lessons.map((lesson) => lesson.slug)).size).toBe(2);
    const second = await ingest.ingestUrlToDraft(
      instructor,
      { url: `${site.base}/blog/post` },
      {},
      NOW,
    );
    expect(second.slug).not.toBe(first.slug);
    expect(second.slug).toMatch(/^understanding-git-rebase-\d+$/);

    const stranger = await makeUser(db, 'instructor');
    expect(
      await codeOf(
        ingest.ingestUrlToDraft(
          stranger,
          { url: `${site.base}/blog/post`, courseId: first.courseId },
          {},
          NOW,
        ),
      ),
    ).toBe('mcp.course.not_found');
    const admin = await makeUser(db, 'admin');
    const byAdmin = await ingest.ingestUrlToDraft(
      admin,
      { url: `${site.base}/blog/post`, courseId: first.courseId },
      {},
      NOW,
    );
    expect(byAdmin.lessonsAdded).toBe(1);
    const learner = await makeUser(db, 'learner');
    expect(
      await codeOf(ingest.ingestUrlToDraft(learner, { url: `${site.base}/blog/post` }, {}, NOW)),
    ).toBe('mcp.forbidden');
  });

  it('leaves nothing behind when the work fails half-way through indexing', async () => {
    const before = await db.prisma.course.count();
    const lessonsBefore = await db.prisma.lesson.count();
    const controller = new AbortController();
    const onProgress = (event: DraftProgressEvent) => {
      if (event.stage === 'indexing' && event.progress === 2) controller.abort();
    };
    const code = await codeOf(
      ingest.ingestUrlToDraft(
        instructor,
        // A video with chapters: several lessons, so indexing has a half-way point.
        { url: `https://youtu.be/${VIDEO_WITH_CHAPTERS}` },
        { onProgress, signal: controller.signal },
        NOW,
      ),
    );
    expect(code).toBe('mcp.cancelled');
    expect(await db.prisma.course.count()).toBe(before);
    expect(await db.prisma.lesson.count()).toBe(lessonsBefore);
  });

  it('lets a model group and title the sections and propose cards, keeping the source text', async () => {
    const plan = {
      title: 'Git Rebase in Practice',
      summary: 'When and how to rebase.',
      lessons: [
        { title: 'Rebase explained', startSection: 0 },
        { title: 'Rebasing and choosing', startSection: 2 },
      ],
      cards: [
        { lessonIndex: 1, prompt: 'Which command keeps history linear?', answer: 'git rebase' },
      ],
    };
    const server = await startLoopbackModelServer(() =>
      openAiCompletion(JSON.stringify(plan), 300, 90),
    );
    try {
      const provider = createOpenAiProvider({
        apiKey: 'sk-loopback',
        model: 'gpt-4o-mini',
        baseUrl: `${server.url}/v1`,
        maxAttempts: 1,
      });
      const withModel = createIngest({
        db,
        gateway: createLlmGateway({ db, provider }),
        lookup,
        allowHosts: ['127.0.0.0/8'],
      });
      const author = await makeUser(db, 'instructor');
      const result = await withModel.ingestUrlToDraft(
        author,
        { url: `${site.base}/blog/post` },
        {},
        NOW,
      );
      expect(result.slug).toBe('git-rebase-in-practice');
      const lessons = await lessonsOf(result.courseId);
      expect(lessons.map((lesson) => lesson.title)).toEqual([
        'Rebase explained',
        'Rebasing and choosing',
      ]);
      expect(lessons[1]?.contentMd).toContain('git rebase main');
      expect(lessons[1]?.contentMd).toContain('| Command | History |');
      const cards = await db.prisma.cardTemplate.findMany({ where: { courseId: result.courseId } });
      expect(cards.map((card) => [card.prompt, card.lessonId])).toEqual([
        ['Which command keeps history linear?', lessons[1]?.id],
      ]);
      const log = await db.prisma.llmCallLog.findMany({ where: { userId: author.userId } });
      expect(log.map((row) => [row.feature, row.provider, row.status])).toEqual([
        ['mcp.ingest_url_to_draft', 'openai', 'ok'],
      ]);
    } finally {
      await server.close();
    }
  });

  it('logs each import in the cost log under its feature', async () => {
    const rows = await db.prisma.llmCallLog.count({
      where: { feature: 'mcp.ingest_url_to_draft', userId: instructor.userId },
    });
    expect(rows).toBeGreaterThanOrEqual(8);
  });

  it.each([
    ['an ftp URL', 'ftp://example.com/file.txt', 'mcp.ingest.unsupported_url'],
    ['a file URL', 'file:///etc/passwd', 'mcp.ingest.unsupported_url'],
    ['a host resolving to loopback', 'http://loopback.example/', 'mcp.ingest.blocked_address'],
    [
      'a host resolving to a private address',
      'http://internal.example/wiki',
      'mcp.ingest.blocked_address',
    ],
    [
      'a host resolving to the metadata service',
      'http://metadata.internal/latest/',
      'mcp.ingest.blocked_address',
    ],
    ['a literal loopback address', 'http://127.0.0.1:1/', 'mcp.ingest.blocked_address'],
    ['an IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.1]/', 'mcp.ingest.blocked_address'],
    ['an IPv6 link-local address', 'http://[fe80::1]/', 'mcp.ingest.blocked_address'],
  ])('refuses %s', async (_what, url, code) => {
    expect(await codeOf(strict.ingestUrlToDraft(instructor, { url }, {}, NOW))).toBe(code);
  });

  it('says why an address is blocked', async () => {
    await expect(
      strict.ingestUrlToDraft(instructor, { url: 'http://metadata.internal/' }, {}, NOW),
    ).rejects.toThrow(/169\.254\.169\.254, a cloud metadata address/);
  });

  it.each([
    [
      'a redirect from an allowed host to a blocked one',
      '/redirect-to-blocked',
      'mcp.ingest.blocked_address',
    ],
    ['too many redirects', '/loop/0', 'mcp.ingest.fetch_failed'],
    ['a body over the size cap', '/big', 'mcp.ingest.too_large'],
    ['a streamed body over the size cap', '/big-chunked', 'mcp.ingest.too_large'],
    ['a non-HTML content type', '/image.png', 'mcp.ingest.unsupported_content'],
    ['an HTTP error', '/missing', 'mcp.ingest.fetch_failed'],
  ])('refuses %s', async (_what, path, code) => {
    const url = `http://blog.example:${site.port}${path}`;
    expect(await codeOf(strict.ingestUrlToDraft(instructor, { url }, {}, NOW))).toBe(code);
  });

  it('stops before fetching when the request is already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const code = await codeOf(
      ingest.ingestUrlToDraft(
        instructor,
        { url: `${site.base}/blog/post` },
        { signal: controller.signal },
        NOW,
      ),
    );
    expect(code).toBe('mcp.cancelled');
  });
});
