/**
 * readJsonBody off Node (`app.request`, no IncomingMessage): the web-stream path keeps
 * the same limit and answers. The Node path is covered end to end by
 * stateless-exchange.e2e.test.ts and http-surface.e2e.test.ts.
 */
import { Hono } from 'hono';

import { readJsonBody } from './request-body.js';

const LIMIT = 64;
const app = new Hono();
app.post('/read', async (c) => c.json(await readJsonBody(c, LIMIT)));

/** A body sent as a stream, so no Content-Length is known up front. */
function streamed(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 16) controller.enqueue(bytes.slice(i, i + 16));
      controller.close();
    },
  });
}

const read = async (body: string | ReadableStream<Uint8Array>) =>
  (
    await app.request('/read', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
      ...(typeof body === 'string' ? {} : { duplex: 'half' }),
    } as RequestInit)
  ).json();

describe('readJsonBody without a Node request', () => {
  it('parses a body within the limit, streamed in pieces', async () => {
    expect(await read(streamed('{"jsonrpc":"2.0","id":1,"method":"ping"}'))).toEqual({
      ok: true,
      value: { jsonrpc: '2.0', id: 1, method: 'ping' },
    });
  });

  it('stops reading a streamed body at the limit', async () => {
    expect(await read(streamed(JSON.stringify({ pad: 'x'.repeat(LIMIT) })))).toEqual({
      ok: false,
      reason: 'too_large',
    });
  });

  it('reports a body that is not JSON', async () => {
    expect(await read('{"jsonrpc": ')).toEqual({ ok: false, reason: 'invalid_json' });
  });
});
