import { tokenize } from '../llm/extractive-summary.js';
import type { TutorSearchHit } from './tutor-search.js';

/**
 * The relevance gate: which retrieved chunks are evidence enough to spend a model call
 * on. Search always returns its best chunks, even for an off-topic question, so the
 * gate reads the ranking's own evidence for each chunk (see search's QueryEvidence):
 *
 * - `coverage`, the share of the question's information the chunk holds. Terms are
 *   weighted by how rare they are in the course, and a term the course never uses
 *   weighs the most: "How many moons does Jupiter have?" against a biology course
 *   finds only "many" (a generic word, weighted a quarter) of a question whose
 *   "moons" and "Jupiter" the course never mentions, so it covers almost nothing.
 * - `inHeading`, whether a content word of the question names the chunk's lesson or
 *   section. A paraphrase keeps the topic ("How can I locate a tiny hole in the tube?"
 *   under "Patching or replacing the tube") while swapping the other words for
 *   synonyms; an off-topic question matches only words used in passing.
 * - `terms`, how many of the question's content words (generic words aside) the chunk
 *   holds. One content word used in passing is not evidence, however rare it is in the
 *   course: "What causes inflation in an economy?" finds only "inflate" in a bicycle
 *   course, "How do I treat a sunburn?" only "treat" in a database course, and that one
 *   word alone reached MIN_COVERAGE.
 *
 * A chunk passes with strong coverage spread over two or more content words (or with
 * its topic named), or with some coverage and its topic named. The question is declined
 * unless one chunk passes; when one does, the model also gets the chunks that hold some
 * of the question's content words, in rank order (the answering passage often ranks
 * first on the question's own words while a section titled with one of them passes). The thresholds were set
 * on bench/paraphrase.ts's tuning set (bicycle) and checked on its held-out sets and on
 * every seeded course (tutor-gate.test.ts).
 */
export const MIN_COVERAGE = 0.35;
export const MIN_COVERAGE_ON_TOPIC = 0.1;

/** Hits without evidence (vector-only, or a search that does not measure it): a third of the question's words, literally. */
const MIN_WORD_SHARE = 1 / 3;

export function relevantHits(question: string, hits: readonly TutorSearchHit[]): TutorSearchHit[] {
  const passes = (hit: TutorSearchHit) => {
    const evidence = hit.evidence;
    if (!evidence) return sharesWords(question, hit);
    if (evidence.inHeading) return evidence.coverage >= MIN_COVERAGE_ON_TOPIC;
    return evidence.coverage >= MIN_COVERAGE && evidence.terms >= 2;
  };
  if (!hits.some(passes)) return [];
  // The gate judges the question; once one chunk carries it, the ranking orders the
  // evidence. A chunk that holds the question's content words, ranked above one that
  // passed only because a title word names its topic, is the likelier answer: it goes
  // to the model too, in rank order, instead of being dropped for a missing title word.
  return hits.filter((hit) => passes(hit) || supports(hit));
}

/**
 * Whether the passages carry the question on its own words: one holds strong coverage
 * spread over two or more content words. When none does, the gate passed on a title
 * word alone, the one kind of evidence an everyday question can also have; the tutor
 * then asks its topic check (topic-check.ts) before spending a model call.
 */
export function carriedByWords(hits: readonly TutorSearchHit[]): boolean {
  return hits.some(
    (hit) =>
      hit.evidence === undefined ||
      (hit.evidence.coverage >= MIN_COVERAGE && hit.evidence.terms >= 2),
  );
}

/** Some of the question's information in a chunk's own words (not only generic words). */
function supports(hit: TutorSearchHit): boolean {
  const evidence = hit.evidence;
  return (
    evidence !== undefined && evidence.terms >= 1 && evidence.coverage >= MIN_COVERAGE_ON_TOPIC
  );
}

function sharesWords(question: string, hit: TutorSearchHit): boolean {
  const terms = new Set(tokenize(question));
  if (terms.size === 0) return true;
  const needed = Math.max(1, Math.ceil(terms.size * MIN_WORD_SHARE - 1e-9));
  const words = new Set(tokenize(`${hit.lessonTitle} ${hit.headingPath.join(' ')} ${hit.text}`));
  let covered = 0;
  for (const term of terms) if (words.has(term)) covered++;
  return covered >= needed;
}
