import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';

/**
 * How many threads V8 may compile WebAssembly on: one core fewer than the machine has, so
 * the main thread keeps one. V8's default (up to 128 tasks) spread PGlite's tier-up over
 * every core while its start-up and first statements ran on the main thread; on 2 cores,
 * PGlite.create went from 674-711 to 555-640 ms, its first 200 statements from 1.1-1.5 s
 * to 0.7-0.8 s, steady state unchanged (README, Benchmarks).
 */
export function wasmCompilationTasks(cores: number): number {
  return Math.max(1, Math.floor(cores) - 1);
}

/**
 * Applies wasmCompilationTasks to this process. Call it first thing in an app's entry,
 * before any WebAssembly module (PGlite, Prisma's query compiler, hash-wasm) compiles.
 * V8 reads the flag when it schedules compilation, so setting it at run time works; a
 * Node.js that refuses run-time flags is left at V8's default.
 */
export function limitWasmCompilationThreads(cores = availableParallelism()): void {
  try {
    setFlagsFromString(`--wasm-num-compilation-tasks=${wasmCompilationTasks(cores)}`);
  } catch {
    // flags frozen: keep V8's default
  }
}
