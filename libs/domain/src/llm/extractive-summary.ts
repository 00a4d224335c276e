import type { NumberedSource } from './numbered-sources.js';

/**
 * The offline answer: for the best few sources (already in rank order), the sentence
 * or two that share the most words with the question, each followed by its [n]. No
 * sentence is invented, so every claim is literally in a cited source.
 */
const MAX_SOURCES = 3;
const SENTENCES_PER_SOURCE = 2;
const MAX_SENTENCE_CHARS = 320;

const STOP_WORDS = new Set(
  (
    'a an and are as at be been but by can could do does did for from has have how i if in into is it its ' +
    'me my of on or our so than that the their them then there these they this to was we were what when ' +
    'where which who whom why will with would you your about explain tell please describe should shall ' +
    'may might must doing done use used using'
  ).split(' '),
);

export function extractiveSummary(sources: readonly NumberedSource[], question: string): string {
  const terms = new Set(tokenize(question));
  const parts: string[] = [];
  for (const source of sources.slice(0, MAX_SOURCES)) {
    const picked = pickSentences(source.text, terms);
    // The top source is always quoted (search judged it relevant); later ones only
    // when they share a word with the question.
    if (picked.length === 0 && parts.length > 0) continue;
    const sentences = picked.length > 0 ? picked : sentencesOf(source.text).slice(0, 1);
    if (sentences.length === 0) continue;
    parts.push(`- ${sentences.join(' ')} [${source.n}]`);
  }
  if (parts.length === 0) return 'The retrieved course material has no readable text to quote.';
  return `From the course material:\n\n${parts.join('\n')}`;
}

function pickSentences(text: string, terms: ReadonlySet<string>): string[] {
  const sentences = sentencesOf(text);
  const scored = sentences
    .map((sentence, index) => ({
      sentence,
      index,
      score: overlap(sentence, terms) - fragmentPenalty(sentence),
    }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, SENTENCES_PER_SOURCE)
    .sort((a, b) => a.index - b.index);
  return scored.map((s) => s.sentence);
}

function overlap(sentence: string, terms: ReadonlySet<string>): number {
  const seen = new Set(tokenize(sentence).filter((t) => terms.has(t)));
  return seen.size;
}

// Search may return an excerpt cut mid-sentence ("… tail of a sentence"); a whole
// sentence with the same words reads better, so fragments lose ties.
function fragmentPenalty(sentence: string): number {
  return sentence.startsWith('…') || sentence.endsWith('…') ? 0.5 : 0;
}

/** Prose sentences of a markdown chunk: code blocks, tables and heading lines are skipped. */
export function sentencesOf(markdown: string): string[] {
  const prose = markdown
    .replace(/```[\s\S]*?(```|$)/g, '\n')
    .split('\n')
    .filter((line) => !/^\s*(#|\||>|<)/.test(line))
    .map((line) =>
      line
        .replace(/^\s*([-*+]|\d+\.)\s+/, '')
        .replace(/`+/g, '')
        // Emphasis markers only: identifiers such as users_email_idx keep their underscores.
        .replace(/(\*\*|__)(\S.*?)\1/g, '$2')
        .replace(/(^|[\s(])[*_](\S(?:.*?\S)?)[*_](?=[\s).,;:!?]|$)/g, '$1$2'),
    )
    .join('\n');
  return (
    prose
      .split(/\n\s*\n|(?<=[.!?])\s+(?=[\p{Lu}\p{N}"'(])/u)
      .map((s) => s.replace(/\s+/g, ' ').trim())
      // Table rows cut loose by an excerpt ("Seventh | Spelled on C |") are not prose.
      .filter((s) => /\p{L}/u.test(s) && (s.match(/\|/g)?.length ?? 0) < 2)
      .map((s) => (s.length > MAX_SENTENCE_CHARS ? `${s.slice(0, MAX_SENTENCE_CHARS - 1)}…` : s))
  );
}

/** Lower-cased words minus stop words, with a light suffix strip so "indexes" meets "index". */
export function tokenize(text: string): string[] {
  const words =
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.filter((w) => w.length > 1 && !STOP_WORDS.has(w)).map(stem);
}

function stem(word: string): string {
  if (word.length <= 4) return word;
  for (const suffix of ['ing', 'ies', 'es', 'ed', 'ly', 's']) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3)
      return word.slice(0, -suffix.length);
  }
  return word;
}
