/**
 * Hostile input to ingest_url_to_draft (issue 17): pages that would make the parser
 * work for minutes, bodies with no HTML in them, and addresses that hide an internal
 * IPv4 address inside an IPv6 form. Each ends in a stable code with nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { randomUUID } from 'node:crypto';

import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';

import { createIngest, createLlmGateway, createNoopProvider, isLumenError } from '../index.js';
import type { Actor, HostLookup, Ingest } from '../index.js';

import { startFixtureSite } from './testing/fixture-site.js';
import type { FixtureSite } from './testing/fixture-site.js';
import { NO_HTML_BODIES } from './testing/hostile-pages.js';

const NOW = new Date('2026-05-04T09:00:00.000Z');

const lookup: HostLookup = (hostname) =>
  hostname === 'pages.example'
    ? Promise.resolve([{ address: '127.0.0.1', family: 4 }])
    : Promise.reject(new Error(`ENOTFOUND ${hostname}`));

async function failureOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (isLumenError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a LumenError');
}

describe.each(testDatabases())('hostile input to ingest_url_to_draft on %s', (_kind, open) => {
  let db: Db;
  let site: FixtureSite;
  let ingest: Ingest;
  let instructor: Actor;
  const rows = async () => ({
    courses: await db.prisma.course.count(),
    lessons: await db.prisma.lesson.count(),
  });
  const make = (allowHosts: string[], extra: Partial<Parameters<typeof createIngest>[0]> = {}) =>
    createIngest({
      db,
      gateway: createLlmGateway({ db, provider: createNoopProvider() }),
      lookup,
      allowHosts,
      ...extra,
    });
  /** The failure of importing `path` from the fixture site, checking nothing was written. */
  const refusal = async (path: string, through = ingest) => {
    const before = await rows();
    const failure = await failureOf(
      through.ingestUrlToDraft(instructor, { url: `${site.base}${path}` }, {}, NOW),
    );
    expect(await rows()).toEqual(before);
    return failure;
  };

  beforeAll(async () => {
    db = await open();
    site = await startFixtureSite();
    ingest = make(['127.0.0.0/8']);
    const id = randomUUID();
    await db.prisma.user.create({
      data: { id, email: `${id}@example.test`, displayName: 'Teacher', role: 'instructor' },
    });
    instructor = { userId: id, role: 'instructor' };
  });
  afterAll(async () => {
    await site?.close();
    await db?.close();
  });

  describe('a page too complex to read', () => {
    it.each([
      ['5,000 nested elements', '/hostile/deep/5000', /nests elements more than 256 deep/],
      ['20,000 nested elements', '/hostile/deep/20000', /nests elements more than 256 deep/],
      ['60,000 elements side by side', '/hostile/wide/60000', /more than 50000 elements/],
    ])('refuses %s with mcp.ingest.too_complex and writes nothing', async (_what, path, why) => {
      const failure = await refusal(path);
      expect(failure.code).toBe('mcp.ingest.too_complex');
      expect(failure.message).toMatch(why);
    });

    it('still imports a page nested just under the limit', async () => {
      const result = await ingest.ingestUrlToDraft(
        instructor,
        { url: `${site.base}/hostile/deep/250` },
        {},
        NOW,
      );
      const lessons = await db.prisma.lesson.findMany({ where: { courseId: result.courseId } });
      expect(lessons.map((lesson) => lesson.contentMd).join('\n')).toContain(
        'A hostile page still reads like an article',
      );
    });

    it('stops reading a page at the time limit', async () => {
      const hasty = make(['127.0.0.0/8'], { htmlLimits: { timeoutMs: 1 } });
      const failure = await refusal('/blog/post', hasty);
      expect(failure).toEqual({
        code: 'mcp.ingest.too_complex',
        message: 'the page took longer than 1 ms to read; it was not imported',
      });
    });

    it('applies the element limit an operator sets', async () => {
      const tight = make(['127.0.0.0/8'], { htmlLimits: { maxElements: 20 } });
      expect((await refusal('/blog/post', tight)).code).toBe('mcp.ingest.too_complex');
    });
  });

  it.each(Object.keys(NO_HTML_BODIES))(
    'answers a %s body with mcp.ingest.empty and writes nothing',
    async (name) => {
      expect(await refusal(`/hostile/body/${name}`)).toEqual({
        code: 'mcp.ingest.empty',
        message: 'the page has no readable content',
      });
    },
  );

  describe('an address that embeds an internal IPv4 address', () => {
    const EMBEDDED = [
      ['IPv4-compatible', 'http://[::127.0.0.1]/', /IPv4-compatible .* embedding 127\.0\.0\.1/],
      ['IPv4-translated', 'http://[::ffff:0:127.0.0.1]/', /IPv4-translated .* 127\.0\.0\.1/],
      ['IPv4-mapped', 'http://[::ffff:10.0.0.5]/', /IPv4-mapped .* embedding 10\.0\.0\.5/],
      ['local-use NAT64', 'http://[64:ff9b:1::7f00:1]/', /local-use NAT64/],
      ['NAT64', 'http://[64:ff9b::169.254.169.254]/', /NAT64 .* cloud metadata/],
      ['6to4', 'http://[2002:7f00:1::1]/', /6to4 .* embedding 127\.0\.0\.1/],
    ] as const;

    it.each(EMBEDDED)('refuses the %s form', async (_form, url, why) => {
      const failure = await failureOf(ingest.ingestUrlToDraft(instructor, { url }, {}, NOW));
      expect(failure.code).toBe('mcp.ingest.blocked_address');
      expect(failure.message).toMatch(why);
    });

    it.each(EMBEDDED)('refuses the %s form reached by a redirect', async (_form, url, why) => {
      const failure = await refusal(`/hostile/redirect?to=${encodeURIComponent(url)}`);
      expect(failure.code).toBe('mcp.ingest.blocked_address');
      expect(failure.message).toMatch(why);
    });
  });

  it('lets a host:port allow-list entry reach that port only', async () => {
    const onePort = make([`pages.example:${site.port}`]);
    const url = `http://pages.example:${site.port}/blog/post`;
    const result = await onePort.ingestUrlToDraft(instructor, { url }, {}, NOW);
    expect(result.source.title).toBe('Understanding Git Rebase');
    const otherPort = make([`pages.example:${site.port + 1}`]);
    const failure = await failureOf(otherPort.ingestUrlToDraft(instructor, { url }, {}, NOW));
    expect(failure.code).toBe('mcp.ingest.blocked_address');
    expect(failure.message).toMatch(/resolves to 127\.0\.0\.1, a loopback address/);
  });
});
