/**
 * What main.ts needs once PGlite's files are loading (see its module comment): the
 * configuration, the logger, the start-failure line and the stdio server. Loaded with
 * `import()`, so that none of it (zod, the database library) is read before that starts.
 */
export { createLogger, describeStartFailure, loadConfig } from '@lumen/mcp-http';
export { runStdio } from './stdio-server.js';
