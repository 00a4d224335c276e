import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback server speaking the OpenAI embeddings wire format (POST /v1/embeddings).
 * Vectors are a hashed bag of "concepts": words map to a concept through a tiny synonym
 * table, so "automobile" lands near "car" although they share no letters.
 */
const SYNONYMS: Record<string, string> = {
  automobile: 'car',
  vehicle: 'car',
  cars: 'car',
  motor: 'engine',
};
const DIMENSIONS = 256;

export function fakeVector(text: string): number[] {
  const vector = new Array<number>(DIMENSIONS).fill(0);
  for (const raw of text.toLowerCase().match(/[a-z]+/g) ?? []) {
    const word = SYNONYMS[raw] ?? raw;
    let hash = 0;
    for (const ch of word) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
    vector[hash % DIMENSIONS] = (vector[hash % DIMENSIONS] ?? 0) + 1;
  }
  const norm = Math.sqrt(vector.reduce((s, x) => s + x * x, 0)) || 1;
  return vector.map((x) => x / norm);
}

export interface EmbeddingRequest {
  authorization: string | undefined;
  body: { model: string; input: string[] };
}

export interface LoopbackEmbeddings {
  readonly baseUrl: string;
  /** Every request received, in order. */
  readonly received: EmbeddingRequest[];
  /** While true, answers 503 like an overloaded provider. */
  failing: boolean;
  /** Milliseconds to wait before answering. */
  delayMs: number;
  /** A request holding an input this matches is refused with HTTP 400, as for one over a model's context. */
  refuseWhen: ((input: string) => boolean) | undefined;
  close(): Promise<void>;
}

export async function startLoopbackEmbeddings(): Promise<LoopbackEmbeddings> {
  const state: Omit<LoopbackEmbeddings, 'baseUrl' | 'close'> = {
    received: [],
    failing: false,
    delayMs: 0,
    refuseWhen: undefined,
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/embeddings')
        return void res.writeHead(404).end();
      const body = JSON.parse(raw) as EmbeddingRequest['body'];
      state.received.push({ authorization: req.headers.authorization, body });
      const answer = () => {
        if (res.destroyed) return;
        if (state.failing) {
          res.writeHead(503, { 'content-type': 'application/json' });
          return void res.end(
            JSON.stringify({ error: { message: 'overloaded', type: 'server_error' } }),
          );
        }
        if (state.refuseWhen && body.input.some(state.refuseWhen)) {
          res.writeHead(400, { 'content-type': 'application/json' });
          return void res.end(
            JSON.stringify({
              error: {
                message: "This model's maximum context length is 8192 tokens.",
                type: 'invalid_request_error',
              },
            }),
          );
        }
        const data = body.input.map((text, index) => ({
          object: 'embedding',
          index,
          embedding: fakeVector(text),
        }));
        res.writeHead(200, { 'content-type': 'application/json' });
        // Items deliberately out of order: clients must use `index`.
        res.end(
          JSON.stringify({
            object: 'list',
            data: data.reverse(),
            model: body.model,
            usage: { prompt_tokens: 3, total_tokens: 3 },
          }),
        );
      };
      if (state.delayMs > 0) setTimeout(answer, state.delayMs).unref();
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/**
 * A web page whose "Oil" section is the only one about cars: under the loopback model a
 * search for "vehicle" (a word no section uses) belongs there.
 */
export const UPKEEP_PAGE = `<!doctype html><html><head><title>Weekend upkeep</title></head><body>
<main><article><h1>Weekend upkeep</h1>
<h2>Oil</h2><p>Change the engine oil of a car every year and check its level each month.</p>
<h2>Chains</h2><p>A bicycle chain wants cleaning and a drop of lubricant after wet rides.</p>
</article></main></body></html>`;

/** Serves one HTML page at every path on loopback, for ingest. */
export async function serveHtml(html: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
