import type { LumenPrisma } from '@lumen/db';

import type { RankedChunk } from './lexical-ranking.js';

/**
 * Nearest chunks of one course by cosine distance (pgvector `<=>`). Only vectors from
 * the same model are compared; the scan is per course, which stays small.
 */
export async function rankByVector(
  prisma: LumenPrisma,
  courseId: string,
  model: string,
  vector: readonly number[],
  limit: number,
): Promise<RankedChunk[]> {
  const literal = JSON.stringify(vector);
  const rows = await prisma.$queryRaw<Array<{ id: string; score: number }>>`
    SELECT e.chunk_id AS id, (1 - (e.embedding <=> ${literal}::vector))::float8 AS score
    FROM lesson_chunk_embeddings e
    WHERE e.course_id = ${courseId}::uuid AND e.model = ${model}
      AND vector_dims(e.embedding) = ${vector.length}::int
    ORDER BY e.embedding <=> ${literal}::vector, e.chunk_id
    LIMIT ${limit}`;
  return rows.map((r) => ({ chunkId: r.id, score: Number(r.score) }));
}
