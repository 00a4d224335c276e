import type { IncomingMessage } from 'node:http';

import type { Context, MiddlewareHandler } from 'hono';

export type JsonBody =
  { ok: true; value: unknown } | { ok: false; reason: 'too_large' | 'invalid_json' };

/** The Node request behind a Hono context served by @hono/node-server, if any. */
function nodeIncoming(c: Context): IncomingMessage | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming && !incoming.readableEnded && !incoming.readableDidRead ? incoming : undefined;
}

function declaredLength(c: Context): number | undefined {
  const header = c.req.header('content-length');
  if (header === undefined || c.req.header('transfer-encoding') !== undefined) return undefined;
  const length = Number(header);
  return Number.isFinite(length) ? length : undefined;
}

const parse = (text: string): JsonBody => {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, reason: 'invalid_json' };
  }
};

/**
 * Reads and parses a JSON request body of at most `maxBytes`, counted as it arrives
 * (a declared length over the limit is refused earlier, by {@link declaredBodyLimit}).
 *
 * On Node it reads the `IncomingMessage` directly: asking the web-standard `Request`
 * for its body makes @hono/node-server build a full undici Request and a web stream
 * per request, which cost more than everything else /mcp does for a small call.
 * Elsewhere (tests calling `app.request`) it reads the web stream, with the same limit.
 */
export async function readJsonBody(c: Context, maxBytes: number): Promise<JsonBody> {
  const incoming = nodeIncoming(c);
  if (incoming) return readNode(incoming, maxBytes);
  const body = c.req.raw.body;
  if (!body) return { ok: false, reason: 'invalid_json' };
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      void reader.cancel();
      return { ok: false, reason: 'too_large' };
    }
    chunks.push(value);
  }
  return parse(Buffer.concat(chunks).toString('utf8'));
}

function readNode(incoming: IncomingMessage, maxBytes: number): Promise<JsonBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (result: JsonBody) => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
      incoming.off('aborted', onError);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        // Stop buffering; the 413 goes out with `Connection: close`.
        incoming.pause();
        done({ ok: false, reason: 'too_large' });
      } else chunks.push(chunk);
    };
    const onEnd = () =>
      done(
        parse(
          chunks.length === 1
            ? chunks[0]!.toString('utf8')
            : Buffer.concat(chunks).toString('utf8'),
        ),
      );
    const onError = () => done({ ok: false, reason: 'invalid_json' });
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
    incoming.on('aborted', onError);
  });
}

/**
 * Refuses a body whose declared length is over the limit before any other work
 * (authentication included); bodies without a length are counted while read.
 */
export function declaredBodyLimit(
  maxBytes: number,
  onTooLarge: (c: Context) => Response | Promise<Response>,
): MiddlewareHandler {
  return async (c, next) => {
    const declared = declaredLength(c);
    if (declared !== undefined && declared > maxBytes) return onTooLarge(c);
    await next();
    return undefined;
  };
}
