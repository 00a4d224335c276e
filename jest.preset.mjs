// Shared Jest preset. Jest runs in native ESM mode (NODE_OPTIONS=--experimental-vm-modules,
// set by tools/jest.mjs): PGlite, jose 6 and the MCP SDK are ESM-only and fail under
// CommonJS. SWC strips types; tsc does the type checking in the typecheck target.
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export const preset = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022', keepClassNames: true },
        module: { type: 'es6' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleNameMapper: {
    '^@lumen/db$': `${root}libs/db/src/index.ts`,
    '^@lumen/db/testing$': `${root}libs/db/src/testing/index.ts`,
    '^@lumen/domain$': `${root}libs/domain/src/index.ts`,
    '^@lumen/domain/testing$': `${root}libs/domain/src/testing/index.ts`,
    '^@lumen/auth$': `${root}libs/auth/src/index.ts`,
    '^@lumen/mcp-tools$': `${root}libs/mcp-tools/src/index.ts`,
    '^@lumen/platform$': `${root}libs/platform/src/index.ts`,
    '^@lumen/mcp-hono$': `${root}libs/mcp-hono/src/index.ts`,
    '^@lumen/mcp-hono/testing$': `${root}libs/mcp-hono/src/testing/index.ts`,
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: ['<rootDir>/src/**/*.test.ts'],
  testTimeout: 60_000,
  // Jest's default is one worker fewer than the cores: on a 2-core machine that is one, and
  // the files run one after another. Most of a suite's time is spent waiting (on spawned
  // servers, PostgreSQL, the loopback, a browser), so two files at once keep both cores
  // busy: libs/auth took 38-46 s with two workers against 67-75 s with one, back to back.
  maxWorkers: Math.max(2, availableParallelism() - 1),
  // The ingest's HTML worker runs from a generated bundle of its sources: refresh it, so
  // tests never run a worker older than the code beside them.
  globalSetup: `${root}tools/gen-html-worker.mjs`,
};

export default preset;
