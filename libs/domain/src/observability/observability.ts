import type { Db } from '@lumen/db';

import { listClients } from './clients.js';
import { recentLlmCalls } from './llm-calls.js';
import { recentRetrievals } from './retrievals.js';
import { spendReport } from './spend.js';
import { toolCallReport } from './tool-call-stats.js';
import type {
  ClientView,
  LlmCallView,
  RetrievalView,
  SpendReport,
  ToolCallReport,
} from './types.js';

export interface ObservabilityOptions {
  readonly db: Pick<Db, 'prisma'>;
  /** LLM_USER_BUDGET_24H_USD; null/undefined: unlimited. */
  readonly budgetUsd24h?: number | null | undefined;
}

/**
 * The admin's read model over the cost meter (llm_call_log), the retrieval audits and
 * the tool-call log. Read-only; the caller decides who may see it (admins only).
 */
export interface Observability {
  spend(now: Date): Promise<SpendReport>;
  recentLlmCalls(now: Date): Promise<LlmCallView[]>;
  recentRetrievals(now: Date): Promise<RetrievalView[]>;
  toolCalls(now: Date): Promise<ToolCallReport>;
  clients(now: Date): Promise<ClientView[]>;
}

export function createObservability(options: ObservabilityOptions): Observability {
  const { db } = options;
  const budget = options.budgetUsd24h ?? null;
  return {
    spend: (now) => spendReport(db, budget, now),
    recentLlmCalls: (now) => recentLlmCalls(db, now),
    recentRetrievals: (now) => recentRetrievals(db, now),
    toolCalls: (now) => toolCallReport(db, now),
    clients: (now) => listClients(db, now),
  };
}
