/**
 * apps/mcp-http — the hosted Lumen MCP server (streamable HTTP behind OAuth 2.0 client
 * credentials). Reads the environment once and starts.
 */
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { closeOnSignals, startHttpServer } from './server.js';

const config = loadConfig(process.env);
const logger = createLogger({ level: config.logLevel });
try {
  closeOnSignals(await startHttpServer(config, logger), logger);
} catch (error) {
  logger.error('http.start_failed', { error });
  process.stderr.write(`lumen: ${(error as Error).message}\n`);
  process.exit(1);
}
