// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- ambient types for an untyped CommonJS package, needed wherever this file is compiled
/// <reference path="./wink-porter2-stemmer.d.ts" />
import stem from 'wink-porter2-stemmer';

/** Longer chunks are returned as an excerpt around the match, bounded by this. */
export const EXCERPT_CHARS = 600;
/** Room left for the "… " and " …" markers around a cut excerpt. */
const BODY_CHARS = EXCERPT_CHARS - 4;
const WORD_CHAR = /[\p{L}\p{N}]/u;
const SENTENCE_END = /[.!?:;](?=\s)|\n/g;

/** A word of the text that stems to one of the query's lexemes. */
interface Match {
  readonly start: number;
  readonly end: number;
  /** Index into the query's lexemes. */
  readonly term: number;
}

/**
 * What a search hit shows of a chunk: the whole text when it is short, otherwise at most
 * EXCERPT_CHARS around the passage that holds the most of the query's terms, opening on
 * the sentence that holds the first of them, cut at sentence or word boundaries and
 * marked with "…" where text was left out.
 *
 * `queryLexemes` are the query's own lexemes as PostgreSQL's 'english' configuration
 * stems them (the ranking statement returns them); words of the text are stemmed with
 * the same algorithm (Snowball's English stemmer, Porter2), so a word matches exactly
 * when the ranking counted it. This runs in the application rather than as
 * `ts_headline` in the ranking statement, where it was about a quarter of a search's
 * PostgreSQL CPU: the one database is what every replica shares.
 */
export function excerptOf(text: string, queryLexemes: readonly string[]): string {
  if (text.length <= EXCERPT_CHARS) return text;
  const window = densestWindow(matchesOf(text, queryLexemes));
  if (!window) return cut(text, 0, wordEndBefore(text, BODY_CHARS));
  const [first, last] = window;
  const slack = BODY_CHARS - (last.end - first.start);
  const start = contextStart(text, first.start, slack);
  const end = contextEnd(text, start, last.end);
  return cut(text, start, end);
}

/**
 * The words that stem to a query lexeme. The stemmer only drops or rewrites a word's
 * ending (y → i, an e restored), so a stem keeps all but the last two letters of its
 * word's start ("hoping" → "hope", "dying" → "die"): only words with such a start are
 * found (by indexOf on the lower-cased text, far cheaper than a regular expression per
 * word) and stemmed, a few per chunk.
 */
function matchesOf(text: string, queryLexemes: readonly string[]): Match[] {
  const lower = text.toLowerCase();
  // Lower-casing that changes the length (a few non-English letters) would shift offsets.
  if (lower.length !== text.length) return [];
  const index = new Map(queryLexemes.map((lexeme, i) => [lexeme, i]));
  const starts = new Set(queryLexemes.map((l) => l.slice(0, Math.max(1, l.length - 2))));
  const matches: Match[] = [];
  const seen = new Set<number>();
  for (const prefix of starts) {
    for (let at = lower.indexOf(prefix); at >= 0; at = lower.indexOf(prefix, at + 1)) {
      if (isWordChar(lower, at - 1) || seen.has(at)) continue;
      seen.add(at);
      let end = at + prefix.length;
      while (isWordChar(lower, end)) end++;
      const term = index.get(stemOf(lower.slice(at, end)));
      if (term !== undefined) matches.push({ start: at, end, term });
    }
  }
  return matches.sort((a, b) => a.start - b.start);
}

/** Stems remembered across calls (a course's vocabulary repeats), up to STEMS_KEPT words. */
const STEMS_KEPT = 20_000;
const stems = new Map<string, string>();

function stemOf(word: string): string {
  let stemmed = stems.get(word);
  if (stemmed === undefined) {
    if (stems.size >= STEMS_KEPT) stems.clear();
    stemmed = stem(word);
    stems.set(word, stemmed);
  }
  return stemmed;
}

/**
 * The first and last matches of the span of at most BODY_CHARS that holds the most
 * distinct query terms, then the most matches; the earliest such span on a tie.
 */
function densestWindow(matches: readonly Match[]): [Match, Match] | undefined {
  let best: { distinct: number; count: number; first: Match; last: Match } | undefined;
  let hi = 0;
  const inWindow = new Map<number, number>();
  for (let lo = 0; lo < matches.length; lo++) {
    const first = matches[lo]!;
    while (hi < matches.length && matches[hi]!.end - first.start <= BODY_CHARS) {
      const t = matches[hi]!.term;
      inWindow.set(t, (inWindow.get(t) ?? 0) + 1);
      hi++;
    }
    const count = hi - lo;
    if (count === 0) {
      hi = lo + 1; // a match longer than the room: skip it
      continue;
    }
    if (
      !best ||
      inWindow.size > best.distinct ||
      (inWindow.size === best.distinct && count > best.count)
    ) {
      best = { distinct: inWindow.size, count, first, last: matches[hi - 1]! };
    }
    const n = inWindow.get(first.term)! - 1;
    if (n === 0) inWindow.delete(first.term);
    else inWindow.set(first.term, n);
  }
  return best && [best.first, best.last];
}

/**
 * Where the excerpt starts: the start of the sentence holding the first match when half
 * the spare room reaches it, otherwise a word about a third of the spare room earlier.
 */
function contextStart(text: string, firstMatch: number, slack: number): number {
  const reach = Math.max(0, firstMatch - Math.floor(slack / 2));
  let sentence = 0;
  SENTENCE_END.lastIndex = reach;
  for (let m = SENTENCE_END.exec(text); m && m.index < firstMatch; m = SENTENCE_END.exec(text)) {
    sentence = m.index + m[0].length;
  }
  if (sentence >= reach) return wordStartFrom(text, sentence, firstMatch);
  return wordStartFrom(text, Math.max(0, firstMatch - Math.floor(slack / 3)), firstMatch);
}

/** Where the excerpt ends: after the last full sentence that fits, else at a word. */
function contextEnd(text: string, start: number, mustReach: number): number {
  const limit = start + BODY_CHARS;
  if (limit >= text.length) return text.length;
  let end = -1;
  SENTENCE_END.lastIndex = mustReach;
  for (let m = SENTENCE_END.exec(text); m && m.index < limit; m = SENTENCE_END.exec(text)) {
    end = m.index + (m[0] === '\n' ? 0 : 1);
  }
  // A sentence end that leaves most of the room unused reads worse than a cut sentence.
  if (end >= mustReach && end - start >= BODY_CHARS * 0.6) return end;
  return Math.max(mustReach, wordEndBefore(text, limit));
}

const isWordChar = (text: string, i: number) =>
  i >= 0 && i < text.length && WORD_CHAR.test(text[i]!);

/** The start of the first word at or after `offset` (not inside a word), at most `fallback`. */
function wordStartFrom(text: string, offset: number, fallback: number): number {
  let i = offset;
  while (i < fallback && isWordChar(text, i - 1) && isWordChar(text, i)) i++;
  while (i < fallback && !isWordChar(text, i)) i++;
  return i;
}

/** The end of the last whole word before `limit`, or 0. */
function wordEndBefore(text: string, limit: number): number {
  let i = Math.min(limit, text.length);
  while (i > 0 && isWordChar(text, i) && isWordChar(text, i - 1)) i--;
  while (i > 0 && !isWordChar(text, i - 1)) i--;
  return i;
}

function cut(text: string, start: number, wordEnd: number): string {
  // A single word longer than the room (a URL, a hash) is cut inside the word.
  const end = wordEnd > start ? wordEnd : Math.min(text.length, start + BODY_CHARS);
  const body = text.slice(start, end).trim();
  const atStart = text.slice(0, start).trim() === '';
  const atEnd = text.slice(end).trim() === '';
  return `${atStart ? '' : '… '}${body}${atEnd ? '' : ' …'}`;
}
