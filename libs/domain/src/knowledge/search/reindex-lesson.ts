import type { LumenPrisma, Prisma } from '@lumen/db';

import { LumenError } from '../../errors.js';
import type { Chunk } from '../chunking/chunk.js';
import { chunkMarkdown } from '../chunking/chunk-markdown.js';
import { embedMissingChunks } from './embed-chunks.js';
import type { Embedder } from './embedder.js';

/** A Prisma client, or the transaction client handed to a `$transaction` callback. */
export type PrismaOrTransaction = LumenPrisma | Prisma.TransactionClient;

export interface ReindexOptions {
  /** When given, chunks without a vector for `embedder.model` get one (needs pgvector). */
  readonly embedder?: Embedder | undefined;
  readonly signal?: AbortSignal | undefined;
}

export interface ReindexResult {
  readonly chunkCount: number;
  /** Chunks that received a vector in this call. */
  readonly embeddedCount: number;
  /**
   * Why embedding failed, if it did. The lexical index is committed regardless; the
   * missing vectors are filled in by the next re-index.
   */
  readonly embeddingError?: string;
}

interface LessonRow {
  id: string;
  course_id: string;
  title: string;
  content_md: string;
}

/**
 * Re-chunks one lesson and replaces its chunks atomically: chunks whose ids vanished
 * are deleted, new ones inserted, unchanged ones left alone (ids are content-derived,
 * so an unchanged paragraph keeps its row and its embedding). Given a transaction
 * client, it runs inside the caller's transaction; given the root client, it opens one.
 */
export async function reindexLesson(
  prisma: PrismaOrTransaction,
  lessonId: string,
  options: ReindexOptions = {},
): Promise<ReindexResult> {
  const written = await inTransaction(prisma, async (tx) => {
    // Row lock: two re-indexes of one lesson serialize instead of interleaving.
    const rows = await tx.$queryRaw<LessonRow[]>`
      SELECT id::text, course_id::text, title, content_md FROM lessons WHERE id = ${lessonId}::uuid FOR UPDATE`;
    const lesson = rows[0];
    if (!lesson) throw new LumenError('mcp.lesson.not_found', `No lesson with id ${lessonId}.`);
    const chunks = chunkMarkdown(lesson.content_md, {
      lessonId: lesson.id,
      lessonTitle: lesson.title,
    });
    await writeChunks(tx, lesson, chunks);
    return { lesson, chunks };
  });
  if (!options.embedder) return { chunkCount: written.chunks.length, embeddedCount: 0 };
  try {
    const embeddedCount = await embedMissingChunks(prisma, {
      lessonId: written.lesson.id,
      courseId: written.lesson.course_id,
      embedder: options.embedder,
      signal: options.signal,
    });
    return { chunkCount: written.chunks.length, embeddedCount };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { chunkCount: written.chunks.length, embeddedCount: 0, embeddingError: message };
  }
}

/** Re-indexes every lesson of a course, one transaction per lesson. */
export async function reindexCourse(
  prisma: PrismaOrTransaction,
  courseId: string,
  options: ReindexOptions = {},
): Promise<ReindexResult & { lessonCount: number }> {
  const lessons = await prisma.lesson.findMany({
    where: { courseId },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  let chunkCount = 0;
  let embeddedCount = 0;
  let embeddingError: string | undefined;
  for (const lesson of lessons) {
    const result = await reindexLesson(prisma, lesson.id, options);
    chunkCount += result.chunkCount;
    embeddedCount += result.embeddedCount;
    embeddingError ??= result.embeddingError;
  }
  return {
    lessonCount: lessons.length,
    chunkCount,
    embeddedCount,
    ...(embeddingError ? { embeddingError } : {}),
  };
}

/**
 * Prisma 7's transaction client also has `$transaction` (nested calls become
 * savepoints, which the PGlite adapter cannot do), so "am I in a transaction" is told by
 * `$connect`, which only the root client has (ITXClientDenyList).
 */
function inTransaction<T>(
  prisma: PrismaOrTransaction,
  fn: (tx: Prisma.TransactionClient) => Promise<T>,
): Promise<T> {
  return '$connect' in prisma ? prisma.$transaction(fn) : fn(prisma);
}

async function writeChunks(
  tx: Prisma.TransactionClient,
  lesson: LessonRow,
  chunks: Chunk[],
): Promise<void> {
  // Parameters travel as one JSON document: arrays of arrays (heading paths) do not
  // bind portably through both driver adapters.
  const payload = JSON.stringify(
    chunks.map((c) => ({ id: c.id, o: c.ordinal, h: c.headingPath, t: c.text })),
  );
  await tx.$executeRaw`
    DELETE FROM lesson_chunks
    WHERE lesson_id = ${lesson.id}::uuid
      AND id NOT IN (SELECT c->>'id' FROM jsonb_array_elements(${payload}::jsonb) AS c)`;
  if (chunks.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO lesson_chunks (id, lesson_id, course_id, ordinal, heading_path, text)
    SELECT c->>'id', ${lesson.id}::uuid, ${lesson.course_id}::uuid, (c->>'o')::int,
           ARRAY(SELECT jsonb_array_elements_text(c->'h')), c->>'t'
    FROM jsonb_array_elements(${payload}::jsonb) AS c
    ON CONFLICT (id) DO UPDATE SET ordinal = EXCLUDED.ordinal
    WHERE lesson_chunks.ordinal <> EXCLUDED.ordinal`;
}
