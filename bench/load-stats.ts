/** Bench support: per-tool latency percentiles and outcome counts. */
export interface CallRecord {
  tool: string;
  ms: number;
  /** 'ok', a tool error's stable code, or 'transport' for a thrown request. */
  outcome: string;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export interface ToolRow {
  tool: string;
  calls: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  outcomes: string;
}

export function summarise(records: readonly CallRecord[], seconds: number): ToolRow[] {
  const byTool = new Map<string, CallRecord[]>();
  for (const r of records) byTool.set(r.tool, [...(byTool.get(r.tool) ?? []), r]);
  const rows = [...byTool.entries()].map(([tool, list]) => row(tool, list, seconds));
  rows.sort((a, b) => a.tool.localeCompare(b.tool));
  return [...rows, row('ALL', [...records], seconds)];
}

function row(tool: string, list: readonly CallRecord[], seconds: number): ToolRow {
  const ms = list.map((r) => r.ms).sort((a, b) => a - b);
  const counts = new Map<string, number>();
  for (const r of list) counts.set(r.outcome, (counts.get(r.outcome) ?? 0) + 1);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    tool,
    calls: list.length,
    rps: round(list.length / seconds),
    p50: round(percentile(ms, 50)),
    p95: round(percentile(ms, 95)),
    p99: round(percentile(ms, 99)),
    outcomes: [...counts.entries()].map(([k, v]) => `${k}=${v}`).join(' '),
  };
}
