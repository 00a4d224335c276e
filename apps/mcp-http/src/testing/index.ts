/**
 * Test support shared by the apps' end-to-end suites (`@lumen/mcp-http/testing`): the
 * fuzzing inputs both transports are fuzzed with, and the MCP Inspector CLI runner.
 */
export {
  TOOL_ARGUMENTS,
  TOOL_NAMES,
  nastyValue,
  objectText,
  nearMissArguments,
  toolArgumentsText,
  toolCallText,
  jsonRpcFrame,
  jsonRpcBody,
  leaks,
  messagesOf,
  messageProblems,
} from './fuzz-inputs.js';
export { INSPECTOR_BIN, runInspector } from './inspector.js';
export { GUIDE_TOOL_NAMES } from './tool-names.js';
export type { InspectorRun } from './inspector.js';
