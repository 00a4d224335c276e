import type { Db } from '@lumen/db';

import type { ClientToolStats, LatencyStats, ToolCallReport, ToolStats } from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

interface StatsRow {
  key: string | null;
  name: string | null;
  calls: number;
  errors: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/**
 * Tool-call counts, error rates and latency percentiles over the last 24 h, overall,
 * per tool and per client. Percentiles are percentile_cont (linear interpolation)
 * over the raw durations, so they are exact rather than bucketed. An "error" is any
 * outcome other than 'ok', refusals included: a tool that is refused often is worth
 * seeing too.
 */
export async function toolCallReport(db: Pick<Db, 'prisma'>, now: Date): Promise<ToolCallReport> {
  const since = new Date(now.getTime() - DAY_MS);
  const [byTool, byClient, total, outcomes] = await Promise.all([
    db.prisma.$queryRaw<StatsRow[]>`
      SELECT tool AS "key", NULL AS "name", COUNT(*)::int AS "calls",
             (COUNT(*) FILTER (WHERE outcome <> 'ok'))::int AS "errors",
             percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS "p50",
             percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) AS "p95",
             percentile_cont(0.99) WITHIN GROUP (ORDER BY duration_ms) AS "p99"
        FROM tool_calls WHERE created_at > ${since} AND created_at <= ${now}
       GROUP BY tool`,
    db.prisma.$queryRaw<StatsRow[]>`
      SELECT t.client_id AS "key", MAX(c.name) AS "name", COUNT(*)::int AS "calls",
             (COUNT(*) FILTER (WHERE t.outcome <> 'ok'))::int AS "errors",
             percentile_cont(0.5) WITHIN GROUP (ORDER BY t.duration_ms) AS "p50",
             percentile_cont(0.95) WITHIN GROUP (ORDER BY t.duration_ms) AS "p95",
             percentile_cont(0.99) WITHIN GROUP (ORDER BY t.duration_ms) AS "p99"
        FROM tool_calls t LEFT JOIN mcp_clients c ON c.client_id = t.client_id
       WHERE t.created_at > ${since} AND t.created_at <= ${now}
       GROUP BY t.client_id`,
    db.prisma.$queryRaw<StatsRow[]>`
      SELECT NULL AS "key", NULL AS "name", COUNT(*)::int AS "calls",
             (COUNT(*) FILTER (WHERE outcome <> 'ok'))::int AS "errors",
             percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS "p50",
             percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) AS "p95",
             percentile_cont(0.99) WITHIN GROUP (ORDER BY duration_ms) AS "p99"
        FROM tool_calls WHERE created_at > ${since} AND created_at <= ${now}`,
    db.prisma.$queryRaw<{ tool: string; outcome: string; calls: number }[]>`
      SELECT tool, outcome, COUNT(*)::int AS "calls"
        FROM tool_calls WHERE created_at > ${since} AND created_at <= ${now}
       GROUP BY tool, outcome`,
  ]);
  return {
    asOf: now,
    since,
    total: latency(total[0]),
    byTool: byTool
      .map((r): ToolStats => ({
        tool: r.key ?? '',
        ...latency(r),
        outcomes: outcomes
          .filter((o) => o.tool === r.key)
          .map((o) => ({ outcome: o.outcome, calls: o.calls }))
          .sort((a, b) => b.calls - a.calls || a.outcome.localeCompare(b.outcome)),
      }))
      .sort(byCallsThen((s) => s.tool)),
    byClient: byClient
      .map((r): ClientToolStats => ({ clientId: r.key, clientName: r.name, ...latency(r) }))
      .sort(byCallsThen((s) => s.clientId ?? '')),
  };
}

function latency(row: StatsRow | undefined): LatencyStats {
  const calls = row?.calls ?? 0;
  const errors = row?.errors ?? 0;
  const ms = (v: number | null | undefined) => Math.round(Number(v ?? 0) * 100) / 100;
  return {
    calls,
    errors,
    errorRate: calls === 0 ? 0 : errors / calls,
    p50Ms: ms(row?.p50),
    p95Ms: ms(row?.p95),
    p99Ms: ms(row?.p99),
  };
}

const byCallsThen =
  <T extends { calls: number }>(name: (s: T) => string) =>
  (a: T, b: T) =>
    b.calls - a.calls || name(a).localeCompare(name(b));
