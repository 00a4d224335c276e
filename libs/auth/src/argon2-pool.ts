import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

import { AuthError } from './auth-error.js';
import { createSecretHasher } from './secrets.js';
import type { Argon2Input, SecretHasher } from './secrets.js';

/**
 * The worker's whole source, run with `eval: true`. Being a string, it survives any
 * bundler (the apps ship as esbuild bundles and the stdio app as an npx package):
 * there is no second entry file to lose. It loads hash-wasm from the path the main
 * thread resolved, so it finds the same copy the bundle itself imports.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { argon2id } = require(workerData.hashWasm);
parentPort.on('message', async ({ id, input }) => {
  try {
    parentPort.postMessage({ id, output: await argon2id(input) });
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  }
});
`;

export interface Argon2PoolOptions {
  /** Worker threads (default min(2, cores)): argon2 is CPU-bound, more only contend. */
  size?: number;
  /** Runs waiting for a worker before new ones are refused (default 32). */
  maxQueue?: number;
}

/** A SecretHasher whose argon2 runs off the event loop; `close` stops its threads. */
export type Argon2Pool = SecretHasher & { close(): Promise<void> };

interface Job {
  input: Argon2Input;
  resolve: (output: string | Uint8Array) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  job?: Job | undefined;
}

/**
 * A small pool of argon2 worker threads with a bounded queue. argon2id at the OWASP
 * cost takes ~100 ms of CPU; on the main thread twenty concurrent token requests stall
 * every other request (health checks, MCP calls) for seconds. When the queue is full
 * the pool refuses at once (`auth.busy`) rather than letting work and latency pile up;
 * callers answer 503 with Retry-After. Threads start on first use and do not keep the
 * process alive while idle.
 */
export function createArgon2Pool(options: Argon2PoolOptions = {}): Argon2Pool {
  const size = Math.max(1, options.size ?? Math.min(2, availableParallelism()));
  const maxQueue = Math.max(0, options.maxQueue ?? 32);
  const hashWasm = createRequire(import.meta.url).resolve('hash-wasm');
  const slots: Slot[] = [];
  const queue: Job[] = [];
  let nextId = 0;
  let closed = false;

  function spawn(): Slot {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { hashWasm } });
    const slot: Slot = { worker };
    worker.unref();
    worker.on('message', (message: { output?: string | Uint8Array; error?: string }) => {
      const job = slot.job;
      slot.job = undefined;
      worker.unref();
      if (message.error !== undefined) job?.reject(new Error(`argon2 failed: ${message.error}`));
      else job?.resolve(message.output!);
      pump();
    });
    // A crashed thread fails its run and is replaced on the next one.
    const drop = (error: Error) => {
      if (slots.includes(slot)) slots.splice(slots.indexOf(slot), 1);
      slot.job?.reject(error);
      slot.job = undefined;
      pump();
    };
    worker.on('error', drop);
    worker.on('exit', (code) => drop(new Error(`argon2 worker exited (${code})`)));
    slots.push(slot);
    return slot;
  }

  function pump(): void {
    while (queue.length > 0 && !closed) {
      const slot = slots.find((s) => !s.job) ?? (slots.length < size ? spawn() : undefined);
      if (!slot) return;
      const job = queue.shift()!;
      slot.job = job;
      slot.worker.ref(); // a CLI awaiting its one hash must not exit under it
      slot.worker.postMessage({ id: nextId++, input: job.input });
    }
  }

  function compute(input: Argon2Input): Promise<string | Uint8Array> {
    if (closed) return Promise.reject(new Error('argon2 pool is closed'));
    const idle = slots.some((s) => !s.job) || slots.length < size;
    if (!idle && queue.length >= maxQueue) {
      return Promise.reject(
        new AuthError('auth.busy', 'The server is busy checking credentials; retry shortly.'),
      );
    }
    return new Promise((resolve, reject) => {
      queue.push({ input, resolve, reject });
      pump();
    });
  }

  async function close(): Promise<void> {
    closed = true;
    const gone = new Error('argon2 pool is closed');
    for (const job of queue.splice(0)) job.reject(gone);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  return { ...createSecretHasher(compute), close };
}
