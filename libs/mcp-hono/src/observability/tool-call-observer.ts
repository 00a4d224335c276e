import type { ToolCallRecorder } from '@lumen/domain';
import type { ToolCallEvent } from '@lumen/mcp-tools';

import type { Logger } from '@lumen/platform';
import { currentRequestId } from './request-id.js';

/**
 * The MCP dispatcher's onToolCall: one `tool.call` log line (request id, client, user,
 * tool, latency, outcome code; the event never carries arguments, so no prompt or
 * token can reach the log) and one row for the observability page.
 */
export function observeToolCalls(
  logger: Logger,
  recorder: ToolCallRecorder,
): (event: ToolCallEvent) => void {
  return (event) => {
    logger.info('tool.call', {
      requestId: currentRequestId(),
      tool: event.tool,
      clientId: event.clientId,
      userId: event.userId,
      durationMs: event.durationMs,
      outcome: event.outcome,
    });
    recorder.record(event);
  };
}
