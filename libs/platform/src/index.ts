/**
 * @lumen/platform — Lumen composed: configuration, logging, the database and the domain
 * services, opened once. The apps and outside TypeScript services start here
 * (`createLumen`); the transports (@lumen/mcp-hono, the stdio app) wire onto a `Lumen`.
 */
export { createLumen, openLumen, configFromOptions } from './create-lumen.js';
export type { ClientRegistry, CreateLumenOptions, Lumen, LumenLocation } from './create-lumen.js';
export { loadConfig, ConfigError } from './config.js';
export type { LumenConfig } from './config.js';
export { createLogger } from './logger.js';
export type { Logger, LogLevel } from './logger.js';
export { openDatabase } from './open-db.js';
export {
  createToolCallLog,
  EMBEDDED_VACUUM_INTERVAL_MS,
  startEmbeddedVacuum,
  startEmbeddingBackfill,
  startFsrsRefit,
  startRetention,
  startTopicCheck,
} from './background.js';
export type { EmbeddedVacuum, TutorTopicCheck } from './background.js';
export { createServices } from './services.js';
export { createEmbedderFromConfig } from './embedder-config.js';
export type { AppServices } from './services.js';
export { resolveJwtSecret } from './jwt-secret.js';
export { limitWasmCompilationThreads, wasmCompilationTasks } from './wasm-compilation.js';
export { describeDatabaseFailure, describeStartFailure } from './start-failure.js';
export { ListenError, toListenError } from './listen-error.js';
export type { ListenErrorCode } from './listen-error.js';
export { LumenError, isLumenError } from '@lumen/domain';
export type { LumenErrorCode, Actor, Role } from '@lumen/domain';
export type { Principal } from '@lumen/auth';
