/**
 * @lumen/mcp-http — the Hono HTTP composition root, exported for the stdio app's
 * `--transport http` mode, the CLI's configuration, and tests.
 */
export { loadConfig, ConfigError } from './config.js';
export type { LumenConfig } from './config.js';
export { createLogger } from './logger.js';
export type { Logger, LogLevel } from './logger.js';
export { startHttpServer, closeOnSignals } from './server.js';
export { describeStartFailure } from './start-failure.js';
export { ListenError } from './listen-error.js';
export type { ListenErrorCode } from './listen-error.js';
export type { RunningHttpServer } from './server.js';
export { createHttpApp } from './app.js';
export { createServices } from './services.js';
export type { AppServices } from './services.js';
export { resolveJwtSecret } from './jwt-secret.js';
