/**
 * A learner's `review_logs` as the FSRS optimizer reads them: per card, the ratings in
 * order with the whole days since the card's previous review. Days are UTC calendar
 * days, the same count ts-fsrs uses for `elapsed_days` (dateDiffInDays), so a review
 * at 23:59 and one at 00:01 are a day apart and two reviews the same day are 0 days
 * apart (a short-term review, which FSRS-6 models with its own weights).
 */

/** One review of a card: rating 1-4 and whole days since the card's previous review (0 for the first). */
export interface HistoryReview {
  readonly rating: number;
  readonly deltaT: number;
}

/** One card's reviews in the order they happened. */
export type CardHistory = readonly HistoryReview[];

export interface LoggedReview {
  readonly cardId: string;
  readonly rating: number;
  readonly review: Date;
}

const DAY_MS = 86_400_000;
const utcDay = (at: Date) => Math.floor(at.getTime() / DAY_MS);

/** Each card's valid reviews (rating 1-4), oldest first. */
function byCard(logs: readonly LoggedReview[]): LoggedReview[][] {
  const cards = new Map<string, LoggedReview[]>();
  for (const log of logs) {
    if (!Number.isInteger(log.rating) || log.rating < 1 || log.rating > 4) continue;
    const list = cards.get(log.cardId);
    if (list) list.push(log);
    else cards.set(log.cardId, [log]);
  }
  const lists = [...cards.values()];
  for (const list of lists) list.sort((a, b) => a.review.getTime() - b.review.getTime());
  return lists;
}

function toHistory(list: readonly LoggedReview[]): CardHistory {
  return list.map((log, i) => ({
    rating: log.rating,
    deltaT: i === 0 ? 0 : utcDay(log.review) - utcDay(list[i - 1]!.review),
  }));
}

/** Groups logged reviews by card, in review order; ratings outside 1-4 are dropped. */
export function toCardHistories(logs: readonly LoggedReview[]): CardHistory[] {
  return byCard(logs).map(toHistory);
}

/**
 * A training item is a card's history up to one of its reviews (the optimizer
 * predicts that review's outcome from the ones before): every prefix of two reviews
 * or more that spans at least one day. fsrs-rs refuses an item whose reviews all fell
 * on one day, and refuses it by aborting the process (a Rust panic across the native
 * boundary), so such items never reach it; they carry no long-term information anyway.
 * `at` is the item's last review time, for splitting a log by time.
 */
export interface TimedItem {
  readonly reviews: CardHistory;
  readonly at: number;
}

/** Every training item of the log, oldest last review first. */
export function toTimedItems(logs: readonly LoggedReview[]): TimedItem[] {
  const items: TimedItem[] = [];
  for (const list of byCard(logs)) {
    const history = toHistory(list);
    for (let k = 2; k <= history.length; k++) {
      if (!spansDays(history, k)) continue;
      items.push({ reviews: history.slice(0, k), at: list[k - 1]!.review.getTime() });
    }
  }
  return items.sort((a, b) => a.at - b.at);
}

/** Whether the first `k` reviews include one on a later day than the one before it. */
export function spansDays(history: CardHistory, k = history.length): boolean {
  for (let i = 1; i < k; i++) if (history[i]!.deltaT > 0) return true;
  return false;
}
