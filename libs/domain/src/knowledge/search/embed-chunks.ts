import type { LumenPrisma, Prisma } from '@lumen/db';

import { LumenError } from '../../errors.js';
import type { Embedder } from './embedder.js';

/**
 * The most characters of a chunk sent to the provider. Chunks are bounded by the
 * chunker except a fenced code block, which is never cut; a long one could exceed a
 * model's context (OpenAI refuses over 8,191 tokens) and be refused for good. Its start
 * is embedded instead: 8,000 characters are about 2,000 tokens of prose.
 */
export const MAX_EMBEDDING_CHARS = 8_000;

/** What an embedding model sees for a chunk: where it sits, then what it says. */
export const embeddingInput = (headingPath: readonly string[], text: string) =>
  `${headingPath.join(' › ')}\n\n${text}`.slice(0, MAX_EMBEDDING_CHARS);

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
  return storeVectors(
    prisma,
    embedder.model,
    missing.map((c, i) => ({ id: c.id, courseId: input.courseId, vector: vectors[i]! })),
  );
}

/**
 * Stores one vector per chunk for `model`; returns how many rows were written. A chunk
 * deleted by a concurrent re-index while it was being embedded is skipped, and one that
 * already has a vector for the model (another process got there first) keeps it.
 */
async function storeVectors(
  prisma: LumenPrisma | Prisma.TransactionClient,
  model: string,
  chunks: ReadonlyArray<{ id: string; courseId: string; vector: readonly number[] }>,
): Promise<number> {
  const payload = JSON.stringify(
    chunks.map((c) => ({ id: c.id, course: c.courseId, v: JSON.stringify(c.vector) })),
  );
  return prisma.$executeRaw`
    INSERT INTO lesson_chunk_embeddings (chunk_id, course_id, model, embedding)
    SELECT x->>'id', (x->>'course')::uuid, ${model}, (x->>'v')::vector
    FROM jsonb_array_elements(${payload}::jsonb) AS x
    WHERE EXISTS (SELECT 1 FROM lesson_chunks c WHERE c.id = x->>'id')
    ON CONFLICT (chunk_id, model) DO NOTHING`;
}

/** Chunks embedded per provider request by {@link embedPendingChunks}. */
export const EMBED_BATCH = 32;

export interface PendingBatch {
  /** Vectors stored. */
  readonly stored: number;
  /** Chunks the provider refused on their own (HTTP 4xx other than 408/429): left unembedded. */
  readonly refused: readonly string[];
}

/** A provider answer that will not change on retry: the input itself was refused. */
const isRefusal = (error: unknown) => {
  const status = error instanceof LumenError ? error.details?.['status'] : undefined;
  return (
    typeof status === 'number' && status >= 400 && status < 500 && status !== 408 && status !== 429
  );
};

/**
 * Embeds up to `batchSize` chunks, of any course, that have no vector for this model yet,
 * in course order, leaving out the ids in `skip`. A batch the provider refuses is sent
 * again one chunk at a time, so one chunk it will never take (refused ids come back in
 * `refused`; a caller passes them as `skip` next time) does not hold up the chunks after
 * it. Other failures (network, 5xx, 429) throw: the next run tries the same batch. Both
 * counts are 0 when nothing is pending, or without pgvector. Two processes running this
 * at once may embed the same chunk twice; the second vector is dropped.
 */
export async function embedPendingChunks(
  prisma: LumenPrisma,
  embedder: Embedder,
  options: {
    batchSize?: number;
    signal?: AbortSignal | undefined;
    skip?: readonly string[];
  } = {},
): Promise<PendingBatch> {
  if (!(await hasEmbeddingsTable(prisma))) return { stored: 0, refused: [] };
  const skip = options.skip ?? [];
  const pending = await prisma.$queryRaw<
    Array<{ id: string; course_id: string; heading_path: string[]; text: string }>
  >`
    SELECT c.id, c.course_id::text AS course_id, c.heading_path, c.text FROM lesson_chunks c
    WHERE NOT EXISTS (SELECT 1 FROM lesson_chunk_embeddings e WHERE e.chunk_id = c.id AND e.model = ${embedder.model})
      AND NOT (c.id = ANY(${skip}::text[]))
    ORDER BY c.course_id, c.lesson_id, c.ordinal
    LIMIT ${options.batchSize ?? EMBED_BATCH}::int`;
  if (pending.length === 0) return { stored: 0, refused: [] };
  const embed = (rows: typeof pending) =>
    embedder.embed(
      rows.map((c) => embeddingInput(c.heading_path, c.text)),
      options.signal,
    );
  const refused: string[] = [];
  let embedded: Array<{ row: (typeof pending)[number]; vector: number[] }>;
  try {
    const vectors = await embed(pending);
    embedded = pending.map((row, i) => ({ row, vector: vectors[i]! }));
  } catch (error) {
    if (!isRefusal(error)) throw error;
    embedded = [];
    for (const row of pending) {
      try {
        embedded.push({ row, vector: (await embed([row]))[0]! });
      } catch (one) {
        if (!isRefusal(one)) throw one;
        refused.push(row.id);
      }
    }
  }
  if (embedded.length === 0) return { stored: 0, refused };
  await storeVectors(
    prisma,
    embedder.model,
    embedded.map(({ row, vector }) => ({ id: row.id, courseId: row.course_id, vector })),
  );
  return { stored: embedded.length, refused };
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
