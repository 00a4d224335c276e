-- Applied only where the pgvector extension is available (always in the embedded
-- database). Embeddings sit beside the core tables so nothing else depends on them.
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE IF NOT EXISTS "lesson_chunk_embeddings" (
    "chunk_id" TEXT NOT NULL,
    "course_id" UUID NOT NULL,
    "model" TEXT NOT NULL,
    "embedding" vector NOT NULL,
    CONSTRAINT "lesson_chunk_embeddings_pkey" PRIMARY KEY ("chunk_id", "model"),
    CONSTRAINT "lesson_chunk_embeddings_chunk_id_fkey" FOREIGN KEY ("chunk_id") REFERENCES "lesson_chunks"("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "lesson_chunk_embeddings_course_id_idx" ON "lesson_chunk_embeddings"("course_id", "model");
