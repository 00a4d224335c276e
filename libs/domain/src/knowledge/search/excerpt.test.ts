import { EXCERPT_CHARS, excerptOf } from './excerpt.js';

const filler = (topic: string, n: number) =>
  Array.from({ length: n }, (_, i) => `Sentence ${i} is about ${topic} and nothing else.`).join(
    ' ',
  );

describe('excerptOf', () => {
  it('returns a short chunk whole', () => {
    const text = 'B-trees keep keys sorted. An index scan walks them.';
    expect(excerptOf(text, ['index'])).toBe(text);
  });

  it('opens on the sentence that holds the match, cut at sentence ends and marked where text was left out', () => {
    const text = `${filler('weather', 12)} Composite indexes serve queries that filter on their leading columns. ${filler('gardening', 12)}`;
    const excerpt = excerptOf(text, ['composit', 'index']);
    expect(excerpt.length).toBeLessThanOrEqual(EXCERPT_CHARS);
    expect(excerpt).toContain('Composite indexes serve queries');
    expect(excerpt.startsWith('… ')).toBe(true);
    expect(excerpt.endsWith(' …')).toBe(true);
    // It opens on the sentence that holds the match and ends between sentences.
    expect(excerpt).toMatch(/^… Composite indexes serve/);
    expect(excerpt).toMatch(/nothing else\. …$/);
  });

  it('matches words by the same stems PostgreSQL ranks with', () => {
    const text = `${filler('weather', 12)} Indexing speeds lookups. ${filler('gardening', 12)}`;
    // to_tsvector('english', 'indexing lookups') = 'index':1 'lookup':2
    expect(excerptOf(text, ['index', 'lookup'])).toContain('Indexing speeds lookups.');
  });

  it('prefers the passage holding more of the question’s distinct terms over one repeating a single term', () => {
    const repeated = 'The cell divides. The cell grows. The cell rests. The cell moves.';
    const both = 'Mitochondria supply the cell with energy.';
    const text = `${repeated} ${filler('weather', 14)} ${both} ${filler('rain', 14)}`;
    const excerpt = excerptOf(text, ['cell', 'energi']);
    expect(excerpt).toContain(both);
    expect(excerpt).not.toContain('The cell divides');
  });

  it('finds lexemes holding punctuation, as PostgreSQL keeps hyphenated words and host names', () => {
    const text = `${filler('weather', 12)} A B-tree page on example.com (see wi-fi.org). ${filler('rain', 12)}`;
    // to_tsvector('english', 'B-tree example.com') = 'b':2 'b-tree':1 'example.com':4 'tree':3
    const excerpt = excerptOf(text, ['b-tree', 'b', 'tree', 'example.com', 'wi-fi.org']);
    expect(excerpt).toContain('A B-tree page on example.com (see wi-fi.org).');
  });

  it('starts at the beginning when no word of the query occurs', () => {
    const text = filler('weather', 30);
    const excerpt = excerptOf(text, ['zanzibar']);
    expect(excerpt.startsWith('Sentence 0 is about weather')).toBe(true);
    expect(excerpt.endsWith(' …')).toBe(true);
    expect(excerpt.length).toBeLessThanOrEqual(EXCERPT_CHARS);
  });

  it('stays within bounds on a word longer than the excerpt', () => {
    const text = `${'x'.repeat(2000)} zanzibar`;
    const excerpt = excerptOf(text, ['xxxx']);
    expect(excerpt.length).toBeLessThanOrEqual(EXCERPT_CHARS);
    expect(excerpt.length).toBeGreaterThan(100);
  });

  it('keeps a match at the very end of a long chunk', () => {
    const text = `${filler('weather', 30)} Finally, zanzibar.`;
    const excerpt = excerptOf(text, ['zanzibar']);
    expect(excerpt).toMatch(/Finally, zanzibar\.$/);
    expect(excerpt.startsWith('… ')).toBe(true);
    expect(excerpt.length).toBeLessThanOrEqual(EXCERPT_CHARS);
  });
});
