#!/usr/bin/env node
/**
 * lumen-mcp — the Lumen MCP server. stdio by default (stdout carries only protocol
 * frames; every diagnostic goes to stderr); `--transport http` starts the hosted app.
 *
 * Start-up time matters over stdio (the MCP client spawns this process and waits), so
 * this module imports almost nothing. When the run will open the embedded database it
 * first starts reading PGlite's files and compiling its WebAssembly (on V8's background
 * threads), and only then loads the rest (startup.ts), so that the compile overlaps that
 * module loading; the stdio server then opens the database first and loads the rest of
 * itself while PGlite starts. The HTTP app is loaded only for `--transport http`.
 */
import { preloadEmbedded } from '@lumen/db';

import { parseStdioArgs, USAGE } from './args.js';

const startup = import('./startup.js');
try {
  const args = parseStdioArgs(process.argv.slice(2));
  const embedded = args.transport === 'stdio' && !args.help && !process.env['DATABASE_URL'];
  const preload = embedded ? preloadEmbedded() : undefined;
  const { createLogger, loadConfig, runStdio } = await startup;
  if (args.help) {
    process.stderr.write(USAGE);
  } else {
    const env = args.port === undefined ? process.env : { ...process.env, PORT: String(args.port) };
    const config = loadConfig(env);
    const logger = createLogger({ level: config.logLevel });
    if (args.transport === 'http') {
      const { closeOnSignals, startHttpServer } = await import('@lumen/mcp-http');
      closeOnSignals(await startHttpServer(config, logger), logger);
    } else await runStdio(config, logger, preload);
  }
} catch (error) {
  const { describeStartFailure } = await startup;
  const database = { url: process.env['DATABASE_URL'] };
  process.stderr.write(`lumen-mcp: ${describeStartFailure(error, database)}\n`);
  process.exit(2);
}
