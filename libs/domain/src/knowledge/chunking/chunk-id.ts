import { createHash } from 'node:crypto';

/** 22 base64url characters = 132 bits of SHA-256: collisions are not a practical concern. */
const ID_LENGTH = 22;

/** Whitespace differences (re-wrapping, trailing spaces) must not change an id. */
export const normalizeForId = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * A chunk's id depends only on its lesson, heading path and normalized text, so
 * re-chunking unchanged content yields the same ids. `occurrence` tells apart
 * identical chunks under the same heading (the second copy gets 1, and so on).
 */
export function chunkId(
  lessonId: string,
  headingPath: readonly string[],
  text: string,
  occurrence = 0,
): string {
  const hash = createHash('sha256');
  // Separators that cannot occur in normalized text keep the fields unambiguous.
  hash.update(lessonId).update('\u0000').update(headingPath.join('\u001f')).update('\u0000');
  hash.update(normalizeForId(text));
  if (occurrence > 0) hash.update(`\u0000${occurrence}`);
  return hash.digest('base64url').slice(0, ID_LENGTH);
}

/** A cheap, stable per-paragraph coin flip used to place content-defined chunk boundaries. */
export function contentBit(text: string): boolean {
  const first = createHash('sha256').update(normalizeForId(text)).digest()[0] ?? 0;
  return (first & 1) === 0;
}
