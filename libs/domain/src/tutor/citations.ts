import type { TutorSearchHit } from './tutor-search.js';

export interface TutorCitation {
  /** The marker number as it appears in the answer, [n]. */
  readonly n: number;
  readonly chunkId: string;
  readonly lessonSlug: string;
  readonly lessonTitle: string;
  readonly headingPath: readonly string[];
}

export interface CitedAnswer {
  readonly answer: string;
  readonly citations: TutorCitation[];
}

// [1], [1][2] and [1, 2] / [1,2] are all common model spellings of a citation.
const MARKER = /\s?\[(\d{1,4}(?:\s*,\s*\d{1,4})*)\](?!\()/g;

/**
 * Resolves the answer's [n] markers against the sources actually sent. A number with
 * no source behind it (a model inventing [9] from six sources) is removed from the
 * text and never becomes a citation, so every citation points at a retrieved chunk.
 */
export function resolveCitations(text: string, sources: readonly TutorSearchHit[]): CitedAnswer {
  const used = new Map<number, TutorCitation>();
  const answer = text.replace(MARKER, (whole, list: string) => {
    const valid = list
      .split(',')
      .map((part) => Number(part.trim()))
      .filter((n) => Number.isInteger(n) && n >= 1 && n <= sources.length);
    if (valid.length === 0) return '';
    for (const n of valid) {
      const hit = sources[n - 1];
      if (hit && !used.has(n)) {
        used.set(n, {
          n,
          chunkId: hit.chunkId,
          lessonSlug: hit.lessonSlug,
          lessonTitle: hit.lessonTitle,
          headingPath: hit.headingPath,
        });
      }
    }
    const leading = whole.startsWith('[') ? '' : whole.slice(0, whole.indexOf('['));
    return `${leading}${valid.map((n) => `[${n}]`).join('')}`;
  });
  return {
    answer: answer.replace(/[ \t]+([.,;:!?])/g, '$1').trim(),
    citations: [...used.values()],
  };
}
