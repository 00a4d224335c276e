/** What the observability page shows. Every report is "as of" the `now` it was asked for. */

export interface FeatureSpend {
  readonly feature: string;
  readonly spentUsd24h: number;
  readonly spentUsd30d: number;
  readonly calls24h: number;
  readonly calls30d: number;
}

export interface UserSpend {
  /** null for calls made without a user (none today; kept honest for old rows). */
  readonly userId: string | null;
  readonly email: string | null;
  readonly displayName: string | null;
  readonly spentUsd24h: number;
  readonly spentUsd30d: number;
  readonly calls24h: number;
  readonly calls30d: number;
  /** The per-user 24 h budget (the same for everyone); null: unlimited. */
  readonly budgetUsd24h: number | null;
  /** What is left of it now; null: unlimited. */
  readonly remainingUsd24h: number | null;
  readonly features: readonly FeatureSpend[];
}

export interface SpendReport {
  readonly asOf: Date;
  readonly budgetUsd24h: number | null;
  readonly users: readonly UserSpend[];
}

export interface LlmCallView {
  readonly id: string;
  readonly createdAt: Date;
  readonly userId: string | null;
  readonly email: string | null;
  readonly clientId: string | null;
  readonly feature: string;
  readonly provider: string;
  readonly model: string;
  readonly tokensIn: number;
  readonly tokensOut: number;
  readonly costUsd: number;
  readonly latencyMs: number;
  /** 'pending' (reserved, in flight), 'ok' or 'error'. */
  readonly status: string;
  /** The redacted failure reason, when status is 'error'. */
  readonly error: string | null;
  /** The retrieval a tutor answer was grounded on. */
  readonly retrievalAuditId: string | null;
}

export interface RetrievedChunkView {
  readonly rank: number;
  readonly chunkId: string;
  readonly score: number;
  /** False when the chunk has since been re-chunked away or its lesson deleted. */
  readonly exists: boolean;
  readonly lessonSlug: string | null;
  readonly lessonTitle: string | null;
  readonly headingPath: readonly string[];
}

export interface RetrievalView {
  readonly id: string;
  readonly createdAt: Date;
  readonly userId: string | null;
  readonly email: string | null;
  readonly clientId: string | null;
  readonly feature: string;
  readonly courseId: string;
  readonly courseSlug: string | null;
  readonly courseTitle: string | null;
  readonly query: string;
  readonly latencyMs: number;
  readonly chunks: readonly RetrievedChunkView[];
  /** The model call that answered from this retrieval (tutor), if one was made. */
  readonly llmCall: {
    readonly id: string;
    readonly status: string;
    readonly model: string;
    readonly costUsd: number;
  } | null;
}

export interface LatencyStats {
  readonly calls: number;
  readonly errors: number;
  /** errors / calls, 0..1. */
  readonly errorRate: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
}

export interface ToolStats extends LatencyStats {
  readonly tool: string;
  /** Calls per outcome code ('ok' included), most frequent first. */
  readonly outcomes: readonly { readonly outcome: string; readonly calls: number }[];
}

export interface ClientToolStats extends LatencyStats {
  readonly clientId: string | null;
  readonly clientName: string | null;
}

export interface ToolCallReport {
  readonly asOf: Date;
  readonly since: Date;
  readonly total: LatencyStats;
  readonly byTool: readonly ToolStats[];
  readonly byClient: readonly ClientToolStats[];
}

/** An MCP client as the page shows it: never its secret or the secret's hash. */
export interface ClientView {
  readonly clientId: string;
  readonly name: string;
  readonly ownerUserId: string;
  readonly ownerEmail: string;
  readonly scopes: readonly string[];
  readonly createdAt: Date;
  /** Last token issued to it. */
  readonly lastUsedAt: Date | null;
  /** Last tools/call it made. */
  readonly lastToolCallAt: Date | null;
  readonly toolCalls24h: number;
  readonly revokedAt: Date | null;
}
