import { LumenError } from '../../errors.js';

/** Turns texts into vectors; one vector per input, in input order. */
export interface Embedder {
  /** Stored beside each vector, so switching models never mixes incompatible vectors. */
  readonly model: string;
  embed(texts: string[], signal?: AbortSignal): Promise<number[][]>;
}

export interface OpenAiEmbedderOptions {
  /** e.g. https://api.openai.com, http://127.0.0.1:11434 (Ollama), a vLLM server. `/v1` may be included. */
  readonly baseUrl: string;
  readonly apiKey?: string | undefined;
  readonly model: string;
  readonly fetch?: typeof fetch;
  /** Per-request timeout (default 30 s). */
  readonly timeoutMs?: number;
  /** Inputs per request (default 64); providers cap the batch size. */
  readonly batchSize?: number;
}

interface EmbeddingsResponse {
  data?: Array<{ index?: number; embedding?: unknown }>;
}

/**
 * An embedder for the OpenAI-compatible `POST /v1/embeddings` endpoint, which Ollama
 * and vLLM also serve. Vectors are put back in input order by each item's `index`.
 */
export function createOpenAiEmbedder(options: OpenAiEmbedderOptions): Embedder {
  const doFetch = options.fetch ?? fetch;
  const root = options.baseUrl.replace(/\/+$/, '');
  const url = /\/v1$/.test(root) ? `${root}/embeddings` : `${root}/v1/embeddings`;
  const batchSize = Math.max(1, options.batchSize ?? 64);
  const embedBatch = async (input: string[], signal?: AbortSignal): Promise<number[][]> => {
    const timeout = AbortSignal.timeout(options.timeoutMs ?? 30_000);
    const response = await doFetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
      },
      body: JSON.stringify({ model: options.model, input, encoding_format: 'float' }),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    }).catch((cause: unknown) => {
      throw new LumenError('mcp.unavailable', 'The embedding provider did not answer.', { cause });
    });
    if (!response.ok) {
      // The body may echo request details; keep only the status in the message.
      await response.body?.cancel().catch(() => undefined);
      throw new LumenError(
        'mcp.unavailable',
        `The embedding provider answered HTTP ${response.status}.`,
        { details: { status: response.status } },
      );
    }
    return readVectors((await response.json()) as EmbeddingsResponse, input.length);
  };
  return {
    model: options.model,
    embed: async (texts, signal) => {
      const out: number[][] = [];
      for (let i = 0; i < texts.length; i += batchSize) {
        out.push(...(await embedBatch(texts.slice(i, i + batchSize), signal)));
      }
      return out;
    },
  };
}

function readVectors(body: EmbeddingsResponse, expected: number): number[][] {
  const items = body.data ?? [];
  const vectors: Array<number[] | undefined> = Array.from({ length: expected }, () => undefined);
  items.forEach((item, position) => {
    const index = item.index ?? position;
    const embedding = item.embedding;
    if (
      Array.isArray(embedding) &&
      embedding.every((x) => typeof x === 'number') &&
      index < expected
    ) {
      vectors[index] = embedding as number[];
    }
  });
  const complete = vectors.filter((v): v is number[] => v !== undefined);
  if (items.length !== expected || complete.length !== expected) {
    throw new LumenError(
      'mcp.unavailable',
      'The embedding provider returned an unexpected response.',
    );
  }
  return complete;
}
