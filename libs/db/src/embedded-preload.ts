/**
 * The embedded database's two big start-up files — PGlite's WebAssembly (9 MB) and its
 * file-system bundle (6 MB) — read, and the WebAssembly compiled, ahead of the open.
 *
 * V8 compiles WebAssembly on background threads. PGlite starts that compile only once
 * its own module is loaded and `PGlite.create` runs; a process that calls this first
 * thing (the stdio server, before it loads the rest of its modules) has the compile
 * overlap its module loading instead, and passes the result to `createDb`.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import type { PGliteOptions } from '@electric-sql/pglite';

type WasmModule = NonNullable<PGliteOptions['pgliteWasmModule']>;

/** The WebAssembly global, which this project's Node typings (no DOM lib) leave out. */
const { WebAssembly: wasm } = globalThis as unknown as {
  WebAssembly: { compile(bytes: Uint8Array): Promise<WasmModule> };
};

export interface EmbeddedPreload {
  /** Undefined when preloading failed: PGlite then loads the file itself. */
  readonly wasmModule: Promise<WasmModule | undefined>;
  readonly fsBundle: Promise<Blob | undefined>;
}

export function preloadEmbedded(): EmbeddedPreload {
  // PGlite's files sit beside its entry point (dist/), wherever npm installed it.
  const dist = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  const wasmModule = readFile(join(dist, 'pglite.wasm')).then(
    (bytes) => wasm.compile(bytes),
    () => undefined,
  );
  const fsBundle = readFile(join(dist, 'pglite.data')).then(
    (bytes) => new Blob([bytes]),
    () => undefined,
  );
  return { wasmModule: wasmModule.catch(() => undefined), fsBundle };
}
