/**
 * @lumen/mcp-tools — Lumen's nine MCP tools as data, and the server factory that
 * registers them with the scope → role → service gates. Transport-agnostic: the stdio
 * and streamable-HTTP apps connect the servers it builds to their transports.
 */
export { createLumenServerFactory } from './create-server.js';
export type {
  CallExtra,
  LumenServerFactory,
  LumenServerOptions,
  LumenToolHandlers,
  ToolCallEvent,
  ToolCallExtra,
} from './create-server.js';
export type { LumenServices } from './services.js';
export type {
  ToolDefinition,
  ToolAnnotations,
  ToolCallContext,
  ProgressUpdate,
} from './tool-definition.js';
export { lumenTools } from './tools/index.js';
export { toToolFailure } from './tool-result.js';
export type { ToolFailure } from './tool-result.js';
