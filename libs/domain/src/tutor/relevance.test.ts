import { relevantHits } from './relevance.js';
import type { TutorSearchHit } from './tutor-search.js';

function hit(id: string, coverage: number, terms: number, inHeading = false): TutorSearchHit {
  return {
    chunkId: id,
    lessonSlug: `lesson-${id}`,
    lessonTitle: `Lesson ${id}`,
    headingPath: [],
    text: `text ${id}`,
    score: 1,
    evidence: { coverage, inHeading, terms },
  };
}

const ids = (hits: readonly TutorSearchHit[]) => hits.map((h) => h.chunkId);

describe('relevantHits', () => {
  it('declines a question no chunk carries, whatever words the chunks share with it', () => {
    // One content word each, below the coverage a chunk needs without its topic named.
    const hits = [hit('a', 0.3, 1), hit('b', 0.2, 1), hit('c', 0.05, 0, true)];
    expect(relevantHits('How do I treat a sunburn?', hits)).toEqual([]);
  });

  it('keeps a higher-ranked chunk holding the question’s words once a lower one carries the question', () => {
    // "Does a repeater slow things down?": the answering passage ranks first and holds
    // "repeater" (much of the question) but one content word; a section titled with
    // "repeater" further down passes the gate on its title.
    const hits = [
      hit('answer', 0.56, 1),
      hit('generic-only', 0.14, 0),
      hit('titled', 0.3, 1, true),
      hit('weak', 0.05, 1),
    ];
    expect(ids(relevantHits('Does a repeater slow things down?', hits))).toEqual([
      'answer',
      'titled',
    ]);
  });

  it('keeps rank order among the chunks that pass', () => {
    const hits = [hit('a', 0.31, 2), hit('b', 0.22, 2, true), hit('c', 0.5, 3), hit('d', 0.02, 1)];
    expect(ids(relevantHits('Can I get a wired connection upstairs?', hits))).toEqual([
      'a',
      'b',
      'c',
    ]);
  });
});
