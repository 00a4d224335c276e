/**
 * Test support shared by the apps' end-to-end suites (`@lumen/mcp-hono/testing`): the
 * fuzzing inputs both transports are fuzzed with, the MCP Inspector CLI runner, checked
 * tool calls through an SDK client, and the rebuild-if-stale check for app bundles.
 */
export {
  TOOL_ARGUMENTS,
  TOOL_NAMES,
  nastyValue,
  objectText,
  nearMissArguments,
  hostileArguments,
  STRING_TOOL_NAMES,
  toolArgumentsText,
  toolCallText,
  jsonRpcFrame,
  jsonRpcBody,
  leaks,
  messagesOf,
  messageProblems,
} from './fuzz-inputs.js';
export {
  UNSTORABLE_CHARACTERS,
  absurdId,
  forgedCursor,
  unstorableText,
} from './hostile-strings.js';
export { hostileRestRequest, percentEncode } from './hostile-rest.js';
export type { HostileRestRequest } from './hostile-rest.js';
export { INSPECTOR_BIN, runInspector } from './inspector.js';
export { assertNoInternals, callFailure, callOk, connectHttpClient } from './mcp-client.js';
export { ensureAppsBuilt, ensureHttpBuilt, freePort, spawnHttpServer } from './http-process.js';
export type { HttpProcess } from './http-process.js';
export {
  CHEAP_ARGON2,
  TEST_JWT_SECRET,
  fetchAccessToken,
  seedDemoDataWithPasswords,
  startTestHttpServer,
} from './http-harness.js';
export type { TestHttpServer, TestHttpServerOptions } from './http-harness.js';
export { GUIDE_TOOL_NAMES, GUIDE_TOOL_ORDER } from './tool-names.js';
export { chromiumExecutable, launchChromium } from './chromium.js';
export type { InspectorRun } from './inspector.js';
export {
  authorizeByForms,
  cookieOf,
  createTestOAuthProvider,
  finishSdkAuthorization,
  hiddenFields,
  startSdkAuthorization,
} from './oauth-client.js';
export type { FormFlowResult, TestOAuthProvider } from './oauth-client.js';
export { privatePostgresUnavailable, startPrivatePostgres } from './private-postgres.js';
export type { PrivatePostgres } from './private-postgres.js';
export { rawToolCall } from './raw-tool-call.js';
export type { RawToolOutcome } from './raw-tool-call.js';
export { startStallingSite } from './stalling-site.js';
export { HOSTILE_ARTICLE_TITLE, startHostileSite } from './hostile-site.js';
export type { HostileSite } from './hostile-site.js';
