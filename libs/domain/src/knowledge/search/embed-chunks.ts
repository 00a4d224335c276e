import type { LumenPrisma, Prisma } from '@lumen/db';

import type { Embedder } from './embedder.js';

/** What an embedding model sees for a chunk: where it sits, then what it says. */
export const embeddingInput = (headingPath: readonly string[], text: string) =>
  `${headingPath.join(' › ')}\n\n${text}`;

/** The embeddings table exists only where pgvector is installed. */
export async function hasEmbeddingsTable(
  prisma: LumenPrisma | Prisma.TransactionClient,
): Promise<boolean> {
  const rows = await prisma.$queryRaw<Array<{ ok: boolean }>>`
    SELECT to_regclass('lesson_chunk_embeddings') IS NOT NULL AS ok`;
  return rows[0]?.ok === true;
}

/** Embeds the lesson's chunks that have no vector for this model yet; returns how many. */
export async function embedMissingChunks(
  prisma: LumenPrisma | Prisma.TransactionClient,
  input: {
    lessonId: string;
    courseId: string;
    embedder: Embedder;
    signal?: AbortSignal | undefined;
  },
): Promise<number> {
  if (!(await hasEmbeddingsTable(prisma))) return 0;
  const { embedder } = input;
  const missing = await prisma.$queryRaw<
    Array<{ id: string; heading_path: string[]; text: string }>
  >`
    SELECT c.id, c.heading_path, c.text FROM lesson_chunks c
    WHERE c.lesson_id = ${input.lessonId}::uuid
      AND NOT EXISTS (SELECT 1 FROM lesson_chunk_embeddings e WHERE e.chunk_id = c.id AND e.model = ${embedder.model})
    ORDER BY c.ordinal`;
  if (missing.length === 0) return 0;
  const vectors = await embedder.embed(
    missing.map((c) => embeddingInput(c.heading_path, c.text)),
    input.signal,
  );
  const payload = JSON.stringify(
    missing.map((c, i) => ({ id: c.id, v: JSON.stringify(vectors[i]) })),
  );
  // A chunk deleted by a concurrent re-index while we were embedding is skipped.
  return prisma.$executeRaw`
    INSERT INTO lesson_chunk_embeddings (chunk_id, course_id, model, embedding)
    SELECT x->>'id', ${input.courseId}::uuid, ${embedder.model}, (x->>'v')::vector
    FROM jsonb_array_elements(${payload}::jsonb) AS x
    WHERE EXISTS (SELECT 1 FROM lesson_chunks c WHERE c.id = x->>'id')
    ON CONFLICT (chunk_id, model) DO NOTHING`;
}

/** Chunks embedded per provider request by {@link embedPendingChunks}. */
export const EMBED_BATCH = 32;

/**
 * Embeds up to `batchSize` chunks, of any course, that have no vector for this model yet,
 * in course order; returns how many were stored (0 when none is pending, or without
 * pgvector). Called in a loop by a background job until it returns 0. Two processes
 * running it at once may embed the same chunk twice; the second vector is dropped.
 */
export async function embedPendingChunks(
  prisma: LumenPrisma,
  embedder: Embedder,
  options: { batchSize?: number; signal?: AbortSignal | undefined } = {},
): Promise<number> {
  if (!(await hasEmbeddingsTable(prisma))) return 0;
  const pending = await prisma.$queryRaw<
    Array<{ id: string; course_id: string; heading_path: string[]; text: string }>
  >`
    SELECT c.id, c.course_id::text AS course_id, c.heading_path, c.text FROM lesson_chunks c
    WHERE NOT EXISTS (SELECT 1 FROM lesson_chunk_embeddings e WHERE e.chunk_id = c.id AND e.model = ${embedder.model})
    ORDER BY c.course_id, c.lesson_id, c.ordinal
    LIMIT ${options.batchSize ?? EMBED_BATCH}::int`;
  if (pending.length === 0) return 0;
  const vectors = await embedder.embed(
    pending.map((c) => embeddingInput(c.heading_path, c.text)),
    options.signal,
  );
  const payload = JSON.stringify(
    pending.map((c, i) => ({ id: c.id, course: c.course_id, v: JSON.stringify(vectors[i]) })),
  );
  // A chunk deleted by a re-index while we were embedding is skipped.
  await prisma.$executeRaw`
    INSERT INTO lesson_chunk_embeddings (chunk_id, course_id, model, embedding)
    SELECT x->>'id', (x->>'course')::uuid, ${embedder.model}, (x->>'v')::vector
    FROM jsonb_array_elements(${payload}::jsonb) AS x
    WHERE EXISTS (SELECT 1 FROM lesson_chunks c WHERE c.id = x->>'id')
    ON CONFLICT (chunk_id, model) DO NOTHING`;
  return pending.length;
}

/** Whether any chunk of the course has a vector from this model (else a query embedding is wasted). */
export async function courseHasVectors(
  prisma: LumenPrisma,
  courseId: string,
  model: string,
): Promise<boolean> {
  const rows = await prisma.$queryRaw<Array<{ ok: boolean }>>`
    SELECT EXISTS (SELECT 1 FROM lesson_chunk_embeddings
                    WHERE course_id = ${courseId}::uuid AND model = ${model}) AS ok`;
  return rows[0]?.ok === true;
}
