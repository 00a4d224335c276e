#!/usr/bin/env node
/**
 * lumen-mcp — the Lumen MCP server. stdio by default (stdout carries only protocol
 * frames; every diagnostic goes to stderr); `--transport http` starts the hosted app.
 *
 * Start-up time matters over stdio (the MCP client spawns this process and waits), so
 * this module imports little: the stdio server connects its transport first (so
 * `tools/list` does not wait for the database), then opens the database and loads the
 * rest of itself; the HTTP app is loaded only for `--transport http`.
 */
import {
  createLogger,
  describeStartFailure,
  limitWasmCompilationThreads,
  loadConfig,
} from '@lumen/platform';

import { parseStdioArgs, USAGE } from './args.js';
import { runStdio } from './stdio-server.js';

// Before PGlite and Prisma compile their WebAssembly: one core stays with this thread.
limitWasmCompilationThreads();
try {
  const args = parseStdioArgs(process.argv.slice(2));
  if (args.help) {
    process.stderr.write(USAGE);
  } else {
    const env = args.port === undefined ? process.env : { ...process.env, PORT: String(args.port) };
    const config = loadConfig(env);
    const logger = createLogger({ level: config.logLevel });
    if (args.transport === 'http') {
      const { closeOnSignals, startHttpServer } = await import('@lumen/mcp-hono');
      closeOnSignals(await startHttpServer(config, logger), logger);
    } else await runStdio(config, logger);
  }
} catch (error) {
  const database = { url: process.env['DATABASE_URL'] };
  process.stderr.write(`lumen-mcp: ${describeStartFailure(error, database)}\n`);
  process.exit(2);
}
