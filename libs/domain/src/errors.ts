/**
 * Every failure a caller can act on carries a stable code. The codes are the ones the
 * operator guide documents (mcp.*), so the MCP layer passes them through unchanged.
 */
export type LumenErrorCode =
  // catalog / learning core
  | 'mcp.course.not_found'
  | 'mcp.lesson.not_found'
  | 'mcp.review.not_found'
  | 'mcp.review.invalid_rating'
  | 'mcp.review.conflict'
  | 'mcp.invalid_argument'
  | 'mcp.forbidden'
  // knowledge
  | 'mcp.search.empty_query'
  | 'mcp.search.query_too_long'
  | 'mcp.tutor.not_enrolled'
  | 'mcp.budget.exceeded'
  | 'mcp.llm.failed'
  // authoring / ingest
  | 'mcp.subject.not_found'
  | 'mcp.authoring.invalid_brief'
  | 'mcp.authoring.invalid_outline'
  | 'mcp.ingest.unsupported_url'
  | 'mcp.ingest.blocked_address'
  | 'mcp.ingest.fetch_failed'
  | 'mcp.ingest.too_large'
  | 'mcp.ingest.unsupported_content'
  | 'mcp.ingest.empty'
  | 'mcp.ingest.too_complex'
  | 'mcp.cancelled'
  | 'mcp.unavailable';

/** The one error base class of @lumen/domain. */
export class LumenError extends Error {
  override readonly name = 'LumenError';
  constructor(
    readonly code: LumenErrorCode,
    message: string,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.details = options?.details;
  }
  readonly details: Record<string, unknown> | undefined;
}

export const isLumenError = (error: unknown): error is LumenError => error instanceof LumenError;
