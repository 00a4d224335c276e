/**
 * Text splitting for chunking: prefer sentence boundaries, fall back to word
 * boundaries, and cut mid-word only for a "word" longer than the whole budget.
 */

/** Sentence ends: terminal punctuation (optionally closed by a quote or bracket) then space. */
const SENTENCE_END = /(?<=[.!?…]["'”’)\]]?)\s+(?=\S)/u;

export function splitSentences(text: string): string[] {
  return text
    .split(SENTENCE_END)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Splits one over-long text into pieces of at most `max` chars, on sentences, then words. */
export function splitToFit(text: string, max: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const unit of splitSentences(text).flatMap((s) =>
    s.length > max ? splitWords(s, max) : [s],
  )) {
    const joined = current === '' ? unit : `${current} ${unit}`;
    if (joined.length <= max) {
      current = joined;
    } else {
      pieces.push(current);
      current = unit;
    }
  }
  if (current !== '') pieces.push(current);
  return pieces;
}

function splitWords(sentence: string, max: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const word of sentence.split(/\s+/).flatMap((w) => hardCut(w, max))) {
    const joined = current === '' ? word : `${current} ${word}`;
    if (joined.length <= max) {
      current = joined;
    } else {
      pieces.push(current);
      current = word;
    }
  }
  if (current !== '') pieces.push(current);
  return pieces;
}

function hardCut(word: string, max: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i += max) out.push(word.slice(i, i + max));
  return out;
}

/**
 * The end of `text` to repeat at the start of the next chunk: whole trailing sentences
 * that fit in `max` chars, else the trailing whole words that fit. Empty when nothing fits.
 */
export function overlapTail(text: string, max: number): string {
  if (max <= 0) return '';
  const sentences = splitSentences(text);
  let tail = '';
  for (let i = sentences.length - 1; i >= 0; i -= 1) {
    const joined = tail === '' ? (sentences[i] ?? '') : `${sentences[i]} ${tail}`;
    if (joined.length > max) break;
    tail = joined;
  }
  if (tail !== '') return tail;
  const words = text.trim().split(/\s+/);
  for (let i = words.length - 1; i >= 0; i -= 1) {
    const joined = tail === '' ? (words[i] ?? '') : `${words[i]} ${tail}`;
    if (joined.length > max) break;
    tail = joined;
  }
  return tail;
}
