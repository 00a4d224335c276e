import type { Db } from '@lumen/db';

import type { FeatureSpend, SpendReport, UserSpend } from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

interface SpendRow {
  userId: string | null;
  email: string | null;
  displayName: string | null;
  feature: string;
  spent24h: number;
  spent30d: number;
  calls24h: number;
  calls30d: number;
}

/**
 * Model spend per user and feature over the last 24 h and 30 days. The 24 h window is
 * the budget guard's (created_at > now − 24 h), and pending rows count at their
 * reserved maximum exactly as they do there, so "remaining" is what the guard would
 * allow right now.
 */
export async function spendReport(
  db: Pick<Db, 'prisma'>,
  budgetUsd24h: number | null,
  now: Date,
): Promise<SpendReport> {
  const since24h = new Date(now.getTime() - DAY_MS);
  const since30d = new Date(now.getTime() - 30 * DAY_MS);
  const rows = await db.prisma.$queryRaw<SpendRow[]>`
    SELECT l.user_id::text AS "userId", u.email, u.display_name AS "displayName", l.feature,
           COALESCE(SUM(l.cost_usd) FILTER (WHERE l.created_at > ${since24h}), 0)::float8 AS "spent24h",
           SUM(l.cost_usd)::float8 AS "spent30d",
           (COUNT(*) FILTER (WHERE l.created_at > ${since24h}))::int AS "calls24h",
           COUNT(*)::int AS "calls30d"
      FROM llm_call_log l
      LEFT JOIN users u ON u.id = l.user_id
     WHERE l.created_at > ${since30d} AND l.created_at <= ${now}
     GROUP BY l.user_id, u.email, u.display_name, l.feature`;
  const users = new Map<string, SpendRow[]>();
  for (const row of rows) {
    const key = row.userId ?? '';
    users.set(key, [...(users.get(key) ?? []), row]);
  }
  const list = [...users.values()].map((group) => toUserSpend(group, budgetUsd24h));
  list.sort((a, b) => b.spentUsd24h - a.spentUsd24h || b.spentUsd30d - a.spentUsd30d);
  return { asOf: now, budgetUsd24h, users: list };
}

function toUserSpend(group: SpendRow[], budget: number | null): UserSpend {
  const first = group[0] as SpendRow;
  const features: FeatureSpend[] = group
    .map((r) => ({
      feature: r.feature,
      spentUsd24h: usd(r.spent24h),
      spentUsd30d: usd(r.spent30d),
      calls24h: r.calls24h,
      calls30d: r.calls30d,
    }))
    .sort((a, b) => b.spentUsd30d - a.spentUsd30d || a.feature.localeCompare(b.feature));
  const sum = (pick: (f: FeatureSpend) => number) => features.reduce((t, f) => t + pick(f), 0);
  const spentUsd24h = usd(sum((f) => f.spentUsd24h));
  return {
    userId: first.userId,
    email: first.email,
    displayName: first.displayName,
    spentUsd24h,
    spentUsd30d: usd(sum((f) => f.spentUsd30d)),
    calls24h: sum((f) => f.calls24h),
    calls30d: sum((f) => f.calls30d),
    budgetUsd24h: budget,
    remainingUsd24h: budget === null ? null : usd(Math.max(0, budget - spentUsd24h)),
    features,
  };
}

/** cost_usd is DECIMAL(12,6): round sums back to that precision after float addition. */
const usd = (value: number) => Math.round(value * 1e6) / 1e6;
