import { describe, expect, it } from '@jest/globals';

import { toCardHistories, toTimedItems } from './review-history.js';

const at = (iso: string) => new Date(iso);

describe('review history', () => {
  it("counts whole UTC days between a card's reviews, as ts-fsrs does", () => {
    const [history] = toCardHistories([
      { cardId: 'a', rating: 3, review: at('2026-01-01T23:59:00Z') },
      { cardId: 'a', rating: 3, review: at('2026-01-02T00:01:00Z') },
      { cardId: 'a', rating: 1, review: at('2026-01-02T08:00:00Z') },
      { cardId: 'a', rating: 4, review: at('2026-01-09T07:00:00Z') },
    ]);
    expect(history).toEqual([
      { rating: 3, deltaT: 0 },
      { rating: 3, deltaT: 1 },
      { rating: 1, deltaT: 0 },
      { rating: 4, deltaT: 7 },
    ]);
  });

  it('groups by card, orders each card by time, and drops ratings outside 1-4', () => {
    const histories = toCardHistories([
      { cardId: 'b', rating: 2, review: at('2026-01-05T10:00:00Z') },
      { cardId: 'a', rating: 3, review: at('2026-01-03T10:00:00Z') },
      { cardId: 'b', rating: 0, review: at('2026-01-04T10:00:00Z') },
      { cardId: 'b', rating: 3, review: at('2026-01-01T10:00:00Z') },
    ]);
    expect(histories).toEqual([
      [
        { rating: 3, deltaT: 0 },
        { rating: 2, deltaT: 4 },
      ],
      [{ rating: 3, deltaT: 0 }],
    ]);
  });

  it('makes one training item per review after the first, oldest first, skipping same-day-only prefixes', () => {
    const items = toTimedItems([
      { cardId: 'a', rating: 1, review: at('2026-01-01T10:00:00Z') },
      { cardId: 'a', rating: 3, review: at('2026-01-01T10:10:00Z') },
      { cardId: 'a', rating: 3, review: at('2026-01-03T10:00:00Z') },
      { cardId: 'b', rating: 3, review: at('2026-01-02T10:00:00Z') },
      { cardId: 'b', rating: 4, review: at('2026-01-04T09:00:00Z') },
    ]);
    expect(
      items.map((i) => [new Date(i.at).toISOString(), i.reviews.map((r) => r.deltaT)]),
    ).toEqual([
      ['2026-01-03T10:00:00.000Z', [0, 0, 2]],
      ['2026-01-04T09:00:00.000Z', [0, 2]],
    ]);
  });
});
