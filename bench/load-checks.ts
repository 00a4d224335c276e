/**
 * Bench support: what the load run must prove, read back from the database afterwards.
 *   - every successful grade is in review_logs exactly once, in the order it was made;
 *   - the 24 h budget held across both replicas.
 */
import type { Db } from '@lumen/db';

/** ts-fsrs State, as stored in review_logs.state. */
const STATES = ['new', 'learning', 'review', 'relearning'];

export interface GradeRecord {
  rating: number;
  due: string;
  state: string;
  reps: number;
}

/** Problems found; each card's grades come from one client, sequentially, so order is known. */
export async function checkGrades(
  db: Db,
  graded: ReadonlyMap<string, GradeRecord[]>,
): Promise<string[]> {
  const problems: string[] = [];
  const ids = [...graded.keys()];
  const logs = await db.prisma.reviewLog.findMany({
    where: { cardId: { in: ids } },
    orderBy: [{ cardId: 'asc' }, { cardVersion: 'asc' }],
    select: { cardId: true, cardVersion: true, rating: true, state: true },
  });
  const cards = await db.prisma.reviewCard.findMany({
    where: { id: { in: ids } },
    select: { id: true, due: true, reps: true },
  });
  const logsByCard = new Map<string, typeof logs>();
  for (const l of logs) logsByCard.set(l.cardId, [...(logsByCard.get(l.cardId) ?? []), l]);
  for (const [cardId, grades] of graded) {
    const rows = logsByCard.get(cardId) ?? [];
    if (rows.length !== grades.length) {
      problems.push(
        `card ${cardId}: ${grades.length} successful grades but ${rows.length} review_logs rows`,
      );
      continue;
    }
    rows.forEach((row, i) => {
      if (row.rating !== grades[i]!.rating)
        problems.push(
          `card ${cardId}: log ${i} has rating ${row.rating}, grade said ${grades[i]!.rating}`,
        );
      // A log row keeps the card's state BEFORE its grade: the state the previous grade returned.
      if (i > 0 && STATES[row.state] !== grades[i - 1]!.state)
        problems.push(
          `card ${cardId}: log ${i} starts from ${STATES[row.state]}, previous grade left ${grades[i - 1]!.state}`,
        );
    });
    const card = cards.find((c) => c.id === cardId);
    const last = grades[grades.length - 1]!;
    if (!card || card.due.toISOString() !== last.due || card.reps !== last.reps)
      problems.push(`card ${cardId}: final state differs from the last grade's answer`);
  }
  return problems;
}

export interface TutorRecord {
  userId: string;
  startedAt: number;
  endedAt: number;
  outcome: string;
}

export interface BudgetReport {
  problems: string[];
  lines: string[];
}

/**
 * Per user: the summed cost never exceeds budget + the largest single reservation (the
 * guard admits a call while spend < budget), no reservation is left pending, and every
 * refusal came while the user's spend really was at the budget.
 */
export async function checkBudget(
  db: Db,
  budget: number,
  maxReservation: number,
  tutor: readonly TutorRecord[],
): Promise<BudgetReport> {
  const problems: string[] = [];
  const lines: string[] = [];
  const users = [...new Set(tutor.map((t) => t.userId))];
  for (const userId of users) {
    const rows = await db.prisma.llmCallLog.findMany({
      where: { userId },
      select: { costUsd: true, status: true },
    });
    const spent = rows.reduce((sum, r) => sum + Number(r.costUsd), 0);
    const pending = rows.filter((r) => r.status === 'pending').length;
    const mine = tutor.filter((t) => t.userId === userId);
    const ok = mine.filter((t) => t.outcome === 'ok').length;
    const refused = mine.filter((t) => t.outcome === 'mcp.budget.exceeded');
    const firstRefusalEnd = Math.min(...refused.map((t) => t.endedAt));
    const okAfterRefusal = mine.filter(
      (t) => t.outcome === 'ok' && t.startedAt > firstRefusalEnd,
    ).length;
    if (spent > budget + maxReservation + 1e-9)
      problems.push(
        `user ${userId}: spent $${spent.toFixed(6)} > budget $${budget} + one call $${maxReservation.toFixed(6)}`,
      );
    if (pending > 0) problems.push(`user ${userId}: ${pending} reservations left pending`);
    if (rows.filter((r) => r.status === 'ok').length > ok)
      problems.push(
        `user ${userId}: ${ok} tutor answers but ${rows.filter((r) => r.status === 'ok').length} ok rows`,
      );
    lines.push(
      `  user ${userId.slice(0, 8)}: spent $${spent.toFixed(6)} of $${budget} (ceiling $${(budget + maxReservation).toFixed(6)}), ` +
        `${ok} answered, ${refused.length} refused, ${okAfterRefusal} answered after the first refusal`,
    );
  }
  return { problems, lines };
}
