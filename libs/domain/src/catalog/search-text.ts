/**
 * Catalog search is case- and accent-insensitive without any database extension
 * (unaccent is missing on PGlite and on many managed servers): the domain stores a
 * folded copy of the searchable text in `courses.search_text` and folds the query
 * the same way before matching.
 */

/** Lower-cases and strips combining marks (NFD), so 'Résumé' folds to 'resume'. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .normalize('NFC');
}

/**
 * The value to store in `courses.search_text` whenever a course (or its subject) is
 * written: folded title, summary and subject name, separated by single spaces.
 */
export function courseSearchText(
  title: string,
  summary: string,
  subjectName?: string | null,
): string {
  return foldText([title, summary, subjectName ?? ''].join(' '))
    .replace(/\s+/g, ' ')
    .trim();
}

/** The distinct folded words of a free-text filter; every one must match. */
export function filterWords(filter: string | undefined): string[] {
  if (!filter) return [];
  const words = foldText(filter)
    .split(/\s+/)
    .filter((w) => w.length > 0);
  return [...new Set(words)];
}

/** A LIKE pattern that matches `word` literally anywhere (escapes \, % and _). */
export function containsPattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
