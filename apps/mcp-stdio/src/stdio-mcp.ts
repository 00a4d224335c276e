/**
 * The MCP side of the stdio server — the SDK, the nine tools, the token check — loaded
 * by stdio-server.ts with `import()` once the database has started opening, so that
 * evaluating these modules overlaps PGlite's start-up.
 */
export {
  AuthError,
  createClientRegistry,
  createPrincipalResolver,
  createTokenService,
} from '@lumen/auth';
export {
  createToolCallLog,
  startEmbeddedVacuum,
  startEmbeddingBackfill,
  startFsrsRefit,
  startRetention,
} from '@lumen/platform';
export { createLumenServerFactory } from '@lumen/mcp-tools';
export { LineStdioServerTransport } from './stdio-transport.js';

/**
 * Compiles and instantiates hash-wasm's argon2 WASM (hash-wasm keeps the compiled module
 * for later calls) with a throwaway minimal-cost hash while the database is opening, so
 * that the start-up token check pays for the argon2id verification itself only. Not
 * needed (and hash-wasm not loaded on this thread) when the check runs in a worker.
 */
export async function warmUpArgon2(): Promise<void> {
  const { argon2id } = await import('hash-wasm');
  await argon2id({
    password: 'warm-up',
    salt: new Uint8Array(16),
    parallelism: 1,
    iterations: 1,
    memorySize: 8,
    hashLength: 4,
    outputType: 'binary',
  }).catch(() => undefined);
}
