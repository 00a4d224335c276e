import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createDb, DbError, normalizeDatabaseUrl } from './index.js';
import { coreMigrations, optionalMigrations } from './migrations.generated.js';
import { testDatabases } from './testing/index.js';

describe.each(testDatabases(process.env, { fresh: true }))('createDb on %s', (_kind, open) => {
  it('reports every migration it applied to a new database, in order', async () => {
    const db = await open();
    try {
      const shipped = [...coreMigrations, ...(db.vector ? optionalMigrations : [])];
      expect(db.appliedMigrations).toEqual(shipped.map((m) => m.name));
    } finally {
      await db.close();
    }
  });

  it('migrates the schema so every model round-trips through Prisma Client', async () => {
    const db = await open();
    try {
      const user = await db.prisma.user.create({
        data: { email: 'a@example.test', displayName: 'A', role: 'instructor' },
      });
      const course = await db.prisma.course.create({
        data: { slug: 'c1', title: 'C', summary: 'S', ownerId: user.id, status: 'published' },
      });
      const mod = await db.prisma.module.create({
        data: { courseId: course.id, position: 1, title: 'M' },
      });
      const lesson = await db.prisma.lesson.create({
        data: { courseId: course.id, moduleId: mod.id, position: 1, slug: 'l1', title: 'L' },
      });
      await db.prisma.lessonChunk.create({
        data: {
          id: 'ch1',
          lessonId: lesson.id,
          courseId: course.id,
          ordinal: 0,
          headingPath: ['L'],
          text: 'indexes speed up reads',
        },
      });
      const hits = await db.prisma.$queryRaw<Array<{ id: string }>>`
        SELECT id FROM lesson_chunks WHERE tsv @@ to_tsquery('english', 'index')`;
      expect(hits.map((h) => h.id)).toEqual(['ch1']);
      // Counts the database keeps itself (migration 0021), read through their models.
      const completedAt = new Date('2025-06-01T09:00:00.123Z');
      await db.prisma.lessonCompletion.create({
        data: { userId: user.id, lessonId: lesson.id, courseId: course.id, completedAt },
      });
      expect(
        await db.prisma.course.findUniqueOrThrow({
          where: { id: course.id },
          select: { lessonCount: true, completionCounts: true },
        }),
      ).toEqual({
        lessonCount: 1,
        completionCounts: [
          { userId: user.id, courseId: course.id, completed: 1, lastCompletedAt: completedAt },
        ],
      });
      await db.prisma.mcpClient.create({
        data: {
          clientId: 'lmc_x',
          clientSecretHash: 'h',
          ownerUserId: user.id,
          name: 'n',
          scopes: ['*'],
        },
      });
      await db.prisma.llmCallLog.create({
        data: {
          userId: user.id,
          feature: 'f',
          provider: 'noop',
          model: 'm',
          costUsd: '0.0125',
          status: 'ok',
        },
      });
      const log = await db.prisma.llmCallLog.findFirstOrThrow();
      expect(log.costUsd.toString()).toBe('0.0125');
      await db.prisma.retrievalAudit.create({
        data: {
          feature: 'f',
          courseId: course.id,
          query: 'q',
          results: [{ chunkId: 'ch1', score: 1 }],
          latencyMs: 3,
        },
      });
      expect(await db.prisma.retrievalAudit.count()).toBe(1);
    } finally {
      await db.close();
    }
  });
});

describe('embedded database on disk', () => {
  it('keeps what was written after it is closed and reopened', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lumen-db-'));
    const first = await createDb({ dataDir: dir });
    try {
      expect(first.appliedMigrations).toContain('0001_init');
      await first.prisma.user.create({ data: { email: 'kept@example.test', displayName: 'K' } });
    } finally {
      await first.close();
    }
    const again = await createDb({ dataDir: dir });
    try {
      expect(await again.prisma.user.count()).toBe(1);
      expect(again.vector).toBe(true);
      expect(again.appliedMigrations).toEqual([]);
      // Sized for its one in-process backend, not initdb's shared-server defaults (the
      // difference is most of PGlite's start-up time, so of the stdio server's first answer).
      const [sizing] = await again.sql<{ buffers: string; connections: string }>`
        SELECT current_setting('shared_buffers') AS buffers,
               current_setting('max_connections') AS connections`;
      expect(sizing).toEqual({ buffers: '16MB', connections: '10' });
    } finally {
      await again.close();
      rmSync(dir, { recursive: true, force: true });
    }
    // initdb on disk is the slowest open there is; another suite runs beside this one.
  }, 180_000);
});

describe('normalizeDatabaseUrl', () => {
  it('accepts the postgresql+asyncpg form of existing Lumen .env files', () => {
    expect(normalizeDatabaseUrl('postgresql+asyncpg://lumen:pw@localhost:5432/lumen')).toBe(
      'postgresql://lumen:pw@localhost:5432/lumen',
    );
  });
  it('rejects other schemes with a stable code', () => {
    expect(() => normalizeDatabaseUrl('mysql://x')).toThrow(DbError);
  });
});
