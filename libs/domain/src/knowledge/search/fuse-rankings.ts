import type { QueryEvidence, RankedChunk } from './lexical-ranking.js';

/** The k of Cormack, Clarke & Büttcher, "Reciprocal Rank Fusion…" (SIGIR 2009). */
const RRF_K = 60;

/**
 * Reciprocal rank fusion: each list contributes 1 / (k + rank) per chunk. Rank-based,
 * so BM25 scores and cosine similarities need no common scale.
 */
export function fuseRankings(
  lists: ReadonlyArray<readonly RankedChunk[]>,
  limit: number,
): RankedChunk[] {
  const scores = new Map<string, number>();
  const evidence = new Map<string, QueryEvidence>();
  for (const list of lists) {
    list.forEach((item, rank) => {
      scores.set(item.chunkId, (scores.get(item.chunkId) ?? 0) + 1 / (RRF_K + rank + 1));
      if (item.evidence && !evidence.has(item.chunkId)) evidence.set(item.chunkId, item.evidence);
    });
  }
  return (
    [...scores]
      .map(([chunkId, score]) => ({ chunkId, score, evidence: evidence.get(chunkId) }))
      // Stable sort over insertion order: a tie keeps the first list's (lexical) order.
      .sort((a, b) => b.score - a.score)
      .slice(0, limit)
  );
}
