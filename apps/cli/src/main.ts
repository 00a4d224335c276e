#!/usr/bin/env node
/**
 * `lumen` — operator CLI: database migrations and demo data, MCP client tokens.
 * Results go to stdout (pipe-friendly); diagnostics to stderr. Exit codes: 0 done,
 * 2 bad input (nothing written), 1 unexpected failure.
 */
import { limitWasmCompilationThreads, loadConfig } from '@lumen/platform';

import { readSecret } from './read-secret.js';
import { runCli } from './run-cli.js';

// Before PGlite and Prisma compile their WebAssembly: one core stays with this thread.
limitWasmCompilationThreads();

const code = await runCli(process.argv.slice(2), {
  config: () => loadConfig(process.env),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readSecret,
});
process.exitCode = code;
