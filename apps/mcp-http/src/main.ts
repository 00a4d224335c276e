/**
 * apps/mcp-http — the hosted Lumen MCP server (streamable HTTP behind OAuth 2.0 client
 * credentials). Reads the environment once and starts.
 */
import { closeOnSignals, startHttpServer } from '@lumen/mcp-hono';
import {
  createLogger,
  describeStartFailure,
  limitWasmCompilationThreads,
  loadConfig,
} from '@lumen/platform';

// Before PGlite and Prisma compile their WebAssembly: one core stays with this thread.
limitWasmCompilationThreads();
try {
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.logLevel });
  closeOnSignals(await startHttpServer(config, logger), logger);
} catch (error) {
  // One line naming what failed and the setting to change (port in use, database
  // unreachable, …), not a stack trace. Written synchronously: exit follows at once.
  const database = { url: process.env['DATABASE_URL'] };
  process.stderr.write(`lumen-mcp-http: ${describeStartFailure(error, database)}\n`);
  process.exit(1);
}
