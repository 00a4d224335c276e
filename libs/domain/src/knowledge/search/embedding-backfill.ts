import type { Db } from '@lumen/db';

import { startPeriodicJob } from '../../periodic-job.js';
import { EMBED_BATCH, embedPendingChunks } from './embed-chunks.js';
import type { Embedder } from './embedder.js';

export interface EmbeddingBackfillOptions {
  readonly db: Pick<Db, 'prisma' | 'vector'>;
  readonly embedder: Embedder;
  /** Safety net for chunks written by other processes (default 5 minutes). */
  readonly intervalMs?: number | undefined;
  /** The first run, for chunks written while no process was embedding (default 2 s). */
  readonly firstRunDelayMs?: number | undefined;
  readonly batchSize?: number | undefined;
  /** After a run that stored vectors: how many. */
  readonly onEmbedded?: ((count: number) => void) | undefined;
  /** Chunks the provider refused one by one (HTTP 4xx): left lexical-only; not retried by this process. */
  readonly onRefused?: ((chunkIds: readonly string[]) => void) | undefined;
  /** A failed run (provider down, say); the next kick or interval tries again. */
  readonly onError?: ((error: unknown) => void) | undefined;
}

export interface EmbeddingBackfill {
  /** Lessons changed here: embed their new chunks now (runs never overlap; a kick during one runs again after it). */
  kick(): void;
  /** Embeds every pending chunk; resolves with how many were stored (undefined after a failure). */
  run(): Promise<number | undefined>;
  /** Stops the timers, aborts a provider request under way and waits for the run. */
  close(): Promise<void>;
}

/**
 * Keeps every lesson chunk embedded for hybrid search when an embeddings provider is
 * configured. Chunks are written by authoring, ingest and seeding inside their own
 * transactions, which must not wait on a provider, so embedding happens here, after
 * commit: on a kick from the process that wrote them, on start, and on an interval (for
 * chunks other processes wrote). Until a course's chunks have vectors its searches rank
 * lexically; a provider outage only delays embedding.
 */
export function createEmbeddingBackfill(options: EmbeddingBackfillOptions): EmbeddingBackfill {
  const { db, embedder } = options;
  const aborter = new AbortController();
  let again = false;
  // Chunks the provider refused on their own: not asked for again by this process.
  const refused = new Set<string>();
  const embedAll = async (): Promise<number> => {
    let total = 0;
    for (;;) {
      again = false;
      const batch = await embedPendingChunks(db.prisma, embedder, {
        batchSize: options.batchSize ?? EMBED_BATCH,
        signal: aborter.signal,
        skip: [...refused],
      });
      total += batch.stored;
      if (batch.refused.length > 0) {
        for (const id of batch.refused) refused.add(id);
        options.onRefused?.(batch.refused);
      }
      if (batch.stored + batch.refused.length === 0 && !again) break;
      if (aborter.signal.aborted) break;
    }
    if (total > 0) options.onEmbedded?.(total);
    return total;
  };
  const job = startPeriodicJob({
    job: embedAll,
    intervalMs: options.intervalMs ?? 5 * 60_000,
    firstRunDelayMs: options.firstRunDelayMs ?? 2_000,
    onError: (error) => {
      if (!aborter.signal.aborted) options.onError?.(error);
    },
  });
  return {
    kick: () => {
      if (!db.vector || aborter.signal.aborted) return;
      again = true; // a run already under way loops once more
      void job.run();
    },
    run: () => job.run(),
    close: async () => {
      aborter.abort();
      await job.close();
    },
  };
}
