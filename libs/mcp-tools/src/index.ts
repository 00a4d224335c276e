/**
 * @lumen/mcp-tools — Lumen's nine MCP tools as data, and the server factory that
 * registers them with the scope → role → service gates, beside courses and lessons as
 * resources, argument completion and the study prompts. Transport-agnostic: the stdio
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
export { lumenPrompts } from './prompts/index.js';
export type { PromptDefinition } from './prompts/prompt-definition.js';
export { LumenRequestError, FORBIDDEN, RESOURCE_NOT_FOUND } from './request-error.js';
export { courseUri, lessonUri, COURSE_TEMPLATE, LESSON_TEMPLATE } from './resources/lumen-uri.js';
export { toToolFailure, toolResultJson } from './tool-result.js';
export type { ToolFailure } from './tool-result.js';
