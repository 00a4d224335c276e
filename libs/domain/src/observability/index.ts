export { createObservability } from './observability.js';
export type { Observability, ObservabilityOptions } from './observability.js';
export { createToolCallRecorder } from './tool-call-recorder.js';
export {
  DEFAULT_RETENTION_DAYS,
  RETENTION_FLOOR_MS,
  pruneObservability,
  retentionCutoff,
} from './retention.js';
export type { PruneOptions, PruneResult, RetainedTable, RetentionPeriods } from './retention.js';
export { createRetentionPruner } from './retention-pruner.js';
export type { RetentionPruner, RetentionPrunerOptions } from './retention-pruner.js';
export {
  createInlineRetrievalAuditLog,
  createRetrievalAuditRecorder,
} from './retrieval-audit-recorder.js';
export { createLlmCallRecorder } from './llm-call-recorder.js';
export type {
  LlmCallEntry,
  LlmCallLog,
  LlmCallRecorder,
  LlmCallRecorderOptions,
} from './llm-call-recorder.js';
export type {
  RetrievalAuditEntry,
  RetrievalAuditLog,
  RetrievalAuditRecorder,
  RetrievalAuditRecorderOptions,
} from './retrieval-audit-recorder.js';
export type {
  ToolCallRecord,
  ToolCallRecorder,
  ToolCallRecorderOptions,
  ToolCallRecorderStats,
} from './tool-call-recorder.js';
export type {
  ClientToolStats,
  ClientView,
  FeatureSpend,
  LatencyStats,
  LlmCallView,
  RetrievalView,
  RetrievedChunkView,
  SpendReport,
  ToolCallReport,
  ToolStats,
  UserSpend,
} from './types.js';
