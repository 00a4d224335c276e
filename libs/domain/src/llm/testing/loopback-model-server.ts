/**
 * Test support: a loopback HTTP server that answers like Anthropic's Messages API or
 * OpenAI's chat completions, so provider and gateway tests exercise the real wire
 * path (fetch, headers, status codes, error bodies) without the internet.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

export interface ScriptedReply {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body: unknown;
  /** Never answer (for timeout and cancellation tests). */
  readonly hang?: boolean;
}

export interface LoopbackModelServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Starts a server whose n-th request (0-based) gets `reply(request, n)`. */
export async function startLoopbackModelServer(
  reply: (request: RecordedRequest, index: number) => ScriptedReply,
): Promise<LoopbackModelServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: raw ? (JSON.parse(raw) as unknown) : undefined,
      };
      requests.push(recorded);
      const scripted = reply(recorded, requests.length - 1);
      if (scripted.hang) return;
      res.writeHead(scripted.status, { 'content-type': 'application/json', ...scripted.headers });
      res.end(JSON.stringify(scripted.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A successful Messages API response (shape per docs.anthropic.com/en/api/messages). */
export function anthropicMessage(
  text: string,
  inputTokens: number,
  outputTokens: number,
  model = 'claude-sonnet-4-5-20250929',
): ScriptedReply {
  return {
    status: 200,
    body: {
      id: 'msg_loopback',
      type: 'message',
      role: 'assistant',
      model,
      content: [{ type: 'text', text }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: inputTokens, output_tokens: outputTokens },
    },
  };
}

export function anthropicError(
  status: number,
  type: string,
  message: string,
  headers?: Record<string, string>,
): ScriptedReply {
  return { status, headers, body: { type: 'error', error: { type, message } } };
}

/** A successful chat completion (shape per platform.openai.com/docs/api-reference/chat). */
export function openAiCompletion(
  text: string,
  promptTokens: number,
  completionTokens: number,
  model = 'gpt-4o-mini-2024-07-18',
): ScriptedReply {
  return {
    status: 200,
    body: {
      id: 'chatcmpl-loopback',
      object: 'chat.completion',
      created: 1_700_000_000,
      model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: text, refusal: null },
          finish_reason: 'stop',
        },
      ],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
      },
    },
  };
}

export function openAiError(
  status: number,
  type: string,
  code: string | null,
  message: string,
  headers?: Record<string, string>,
): ScriptedReply {
  return { status, headers, body: { error: { message, type, param: null, code } } };
}
