import { tokenize } from '../llm/extractive-summary.js';
import type { TutorSearchHit } from './tutor-search.js';

/**
 * The relevance floor: a hit counts only if it contains at least a third of the
 * question's content words (stemmed, stop words removed), and at least one.
 *
 * Why not a score threshold: search always returns its best chunks, even for an
 * off-topic question (OR-ed lexical terms match on one incidental word; vector
 * neighbours always exist), and its score scale changes with the ranking in use
 * (lexical only or fused with embeddings). Word coverage is independent of the engine
 * and predictable for a learner: "what is the weather in Paris today?" against a course
 * that mentions "today" once covers 1 of 3 words and is declined without a model call,
 * while "how do mitochondria make ATP?" against a lesson on mitochondria passes.
 */
export const MIN_QUESTION_COVERAGE = 1 / 3;

export function relevantHits(question: string, hits: readonly TutorSearchHit[]): TutorSearchHit[] {
  const terms = new Set(tokenize(question));
  // A question of stop words only ("what is this?") has nothing to measure; let
  // search's own ranking stand rather than refuse everything.
  if (terms.size === 0) return [...hits];
  const needed = Math.max(1, Math.ceil(terms.size * MIN_QUESTION_COVERAGE - 1e-9));
  return hits.filter((hit) => {
    const words = new Set(tokenize(`${hit.lessonTitle} ${hit.headingPath.join(' ')} ${hit.text}`));
    let covered = 0;
    for (const term of terms) if (words.has(term)) covered++;
    return covered >= needed;
  });
}
