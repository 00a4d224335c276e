/**
 * A textbook BM25 to print beside Lumen's ranking in the search benchmarks, over exactly
 * the passages Lumen indexes. It reads them the way a plain full-text library does
 * (minisearch's defaults): lower-cased words split at spaces and punctuation, no
 * stemming, no stop list, one field, BM25+ (Lv & Zhai, CIKM 2011) with k1 = 1.2,
 * b = 0.7, δ = 0.5. If it beats Lumen on a set, the difference is in what Lumen adds.
 */
export interface ReferencePassage {
  readonly id: string;
  readonly text: string;
}

const K1 = 1.2;
const B = 0.7;
const DELTA = 0.5;

const tokens = (s: string) =>
  s
    .toLowerCase()
    .split(/[\n\r\p{Z}\p{P}]+/u)
    .filter(Boolean);

export function referenceBm25(passages: readonly ReferencePassage[]) {
  const docs = passages.map((p) => {
    const tf = new Map<string, number>();
    const words = tokens(p.text);
    for (const w of words) tf.set(w, (tf.get(w) ?? 0) + 1);
    return { id: p.id, tf, length: words.length };
  });
  const df = new Map<string, number>();
  for (const d of docs) for (const w of d.tf.keys()) df.set(w, (df.get(w) ?? 0) + 1);
  const n = docs.length;
  const avgdl = docs.reduce((sum, d) => sum + d.length, 0) / Math.max(n, 1);
  /** Passage ids, best first; ties keep the passages' order. */
  return (query: string, limit: number): string[] => {
    const terms = [...new Set(tokens(query))];
    return docs
      .map((d, order) => {
        let score = 0;
        for (const t of terms) {
          const f = d.tf.get(t) ?? 0;
          if (f === 0) continue;
          const m = df.get(t) ?? 0;
          const idf = Math.log(1 + (n - m + 0.5) / (m + 0.5));
          score += idf * (DELTA + (f * (K1 + 1)) / (f + K1 * (1 - B + (B * d.length) / avgdl)));
        }
        return { id: d.id, score, order };
      })
      .filter((d) => d.score > 0)
      .sort((a, b) => b.score - a.score || a.order - b.order)
      .slice(0, limit)
      .map((d) => d.id);
  };
}
