import { describe, expect, it } from '@jest/globals';

import { resolveCitations } from './citations.js';
import type { TutorSearchHit } from './tutor-search.js';

const hit = (id: string): TutorSearchHit => ({
  chunkId: `chunk-${id}`,
  lessonSlug: `lesson-${id}`,
  lessonTitle: `Lesson ${id}`,
  headingPath: ['Top', id],
  text: `text ${id}`,
  score: 1,
});
const sources = [hit('a'), hit('b'), hit('c')];

describe('resolveCitations', () => {
  it('turns each [n] into a citation of the n-th retrieved chunk, once', () => {
    const result = resolveCitations('Keys are sorted [2]. Lookups are fast [2][1].', sources);
    expect(result.answer).toBe('Keys are sorted [2]. Lookups are fast [2][1].');
    expect(result.citations).toEqual([
      {
        n: 2,
        chunkId: 'chunk-b',
        lessonSlug: 'lesson-b',
        lessonTitle: 'Lesson b',
        headingPath: ['Top', 'b'],
      },
      {
        n: 1,
        chunkId: 'chunk-a',
        lessonSlug: 'lesson-a',
        lessonTitle: 'Lesson a',
        headingPath: ['Top', 'a'],
      },
    ]);
  });

  it('drops markers that point at nothing retrieved, from the text and the list', () => {
    const result = resolveCitations(
      'Indexes help [1]. Hash joins too [9]. Both [3, 0, 42].',
      sources,
    );
    expect(result.answer).toBe('Indexes help [1]. Hash joins too. Both [3].');
    expect(result.citations.map((c) => c.n)).toEqual([1, 3]);
  });

  it('leaves markdown links alone', () => {
    const result = resolveCitations('See [7](https://example.test) and [1].', sources);
    expect(result.answer).toBe('See [7](https://example.test) and [1].');
    expect(result.citations.map((c) => c.n)).toEqual([1]);
  });
});
