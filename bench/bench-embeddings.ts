import type { Db } from '@lumen/db';
import { createEmbeddingBackfill, createOpenAiEmbedder } from '@lumen/domain';
import type { Embedder } from '@lumen/domain';

/**
 * The quality benches rank lexically, as Lumen does by default. With EMBEDDINGS_BASE_URL
 * (and EMBEDDINGS_MODEL, EMBEDDINGS_API_KEY) set they rank the way a server so configured
 * does: every chunk is embedded first (the background backfill's own code, run to the
 * end), then each search fuses lexical and vector rankings. Point it at your provider
 * (Ollama, vLLM, OpenAI) to see what a model does on these sets, or at
 * bench/word-vector-embeddings.ts for an offline baseline.
 */
export async function benchEmbedder(db: Db): Promise<{ embedder?: Embedder; label: string }> {
  const baseUrl = process.env['EMBEDDINGS_BASE_URL'];
  if (!baseUrl) return { label: 'lexical' };
  if (!db.vector) throw new Error('EMBEDDINGS_BASE_URL is set but this database has no pgvector');
  const embedder = createOpenAiEmbedder({
    baseUrl,
    model: process.env['EMBEDDINGS_MODEL'] ?? 'text-embedding-3-small',
    apiKey: process.env['EMBEDDINGS_API_KEY'],
  });
  let failure: unknown;
  const backfill = createEmbeddingBackfill({
    db,
    embedder,
    firstRunDelayMs: 3_600_000,
    onError: (error) => (failure = error),
  });
  const embedded = await backfill.run();
  await backfill.close();
  if (embedded === undefined) throw new Error(`embedding the chunks failed: ${String(failure)}`);
  return { embedder, label: `hybrid ${embedder.model}` };
}
