import { toolResultJson } from '@lumen/mcp-tools';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type {
  Transport,
  TransportSendOptions,
} from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  JSONRPCMessageSchema,
  SUPPORTED_PROTOCOL_VERSIONS,
} from '@modelcontextprotocol/sdk/types.js';
import type {
  JSONRPCMessage,
  RequestId,
  Result,
  ServerNotification,
} from '@modelcontextprotocol/sdk/types.js';

/** Most messages one POST may carry (the SDK's own transport uses the same bound). */
export const MAX_BATCH = 100;

/** What one POST /mcp turned into: an HTTP status and a JSON body, or an SSE stream. */
export type ExchangeResult =
  | { kind: 'json'; status: number; body: unknown }
  | { kind: 'accepted' }
  | { kind: 'stream'; stream: ReadableStream<Uint8Array> };

export interface ExchangeInput {
  /** Request headers, lower-case names (`accept`, `content-type`, `mcp-protocol-version`). */
  header(name: string): string | undefined;
  /** The parsed JSON body. */
  body: unknown;
  authInfo?: AuthInfo | undefined;
  /** Stream progress notifications and the answers as server-sent events. */
  stream: boolean;
  /** Fires when the client goes away before its answers were sent. */
  onClientGone(listener: () => void): void;
  /** Key under which a later `notifications/cancelled` from the same caller may find its requests. */
  callerKey?: string | undefined;
}

interface Route {
  exchange: Exchange;
  originalId: RequestId;
  callerKey: string | undefined;
  /** Set for a request answered by a direct handler: cancels the handler. */
  abort?: (reason: string) => void;
}

/** What a direct handler gets of its request (the parts of the SDK's handler extra it needs). */
export interface DirectExtra {
  signal: AbortSignal;
  authInfo?: AuthInfo | undefined;
  requestId: RequestId;
  _meta?: { progressToken?: string | number; [key: string]: unknown } | undefined;
  sendNotification(notification: ServerNotification): Promise<void>;
}

/** Answers one request method in place of the SDK server's handler. */
export type DirectHandler = (
  request: { method: string; params?: unknown },
  extra: DirectExtra,
) => Promise<Result>;

interface Exchange {
  /** Internal ids, in the order the client sent the requests. */
  ids: number[];
  answers: Map<number, JSONRPCMessage>;
  /** Set in SSE mode: notifications for the exchange's requests are written here. */
  write?: (message: JSONRPCMessage) => void;
  finish: () => void;
  /** Settles the exchange when its client has gone (nobody reads the result). */
  drop: () => void;
  done: boolean;
}

const jsonError = (status: number, code: number, message: string): ExchangeResult => ({
  kind: 'json',
  status,
  body: { jsonrpc: '2.0', error: { code, message }, id: null },
});

/**
 * `JSON.stringify` of one JSON-RPC message, or of a batch of them. A successful answer
 * goes through {@link toolResultJson}, so a tool's structured content, already
 * serialised as its text content, is not serialised again: the same bytes for less work.
 */
export function messagesJson(body: unknown): string {
  if (Array.isArray(body)) return `[${body.map(messagesJson).join(',')}]`;
  if (typeof body === 'object' && body !== null) {
    const keys = Object.keys(body);
    const m = body as { jsonrpc?: unknown; id?: unknown; result?: unknown };
    if (
      keys.length === 3 &&
      keys[0] === 'jsonrpc' &&
      keys[1] === 'id' &&
      keys[2] === 'result' &&
      m.jsonrpc === '2.0' &&
      (typeof m.id === 'string' || typeof m.id === 'number')
    ) {
      return `{"jsonrpc":"2.0","id":${JSON.stringify(m.id)},"result":${toolResultJson(m.result)}}`;
    }
  }
  return JSON.stringify(body) ?? 'null';
}

const isRequest = (m: JSONRPCMessage): m is JSONRPCMessage & { id: RequestId; method: string } =>
  'method' in m && 'id' in m;
const isResponse = (m: JSONRPCMessage): m is JSONRPCMessage & { id: RequestId } =>
  !('method' in m) && 'id' in m;

/**
 * Stateless streamable HTTP for one long-lived MCP `Server`.
 *
 * The SDK's stateless recipe builds a new `Server` and transport for every POST, and
 * that construction was most of the per-request cost. Here one `Server` stays
 * connected to this transport; every POST becomes an *exchange* whose requests are
 * renumbered with process-unique ids before the server sees them (two clients both
 * sending `"id": 1` must not collide) and given their own ids back on the way out.
 * Nothing about a client outlives its POST, so any replica can serve any request,
 * exactly as with the per-request recipe.
 *
 * The HTTP rules follow the SDK's transport: Accept must name both JSON and SSE (406),
 * the body must be JSON (415), a known `MCP-Protocol-Version` (400), at most
 * {@link MAX_BATCH} messages, notifications and responses alone get 202.
 */
export class StatelessExchangeTransport implements Transport {
  onmessage?: Transport['onmessage'];
  onclose?: () => void;
  onerror?: (error: Error) => void;

  private nextId = 1;
  private readonly routes = new Map<number, Route>();
  private readonly direct = new Map<string, DirectHandler>();
  private closed = false;

  /**
   * Answers `method` with `handler` instead of passing it to the connected server. For
   * the hot methods (`tools/call`, `tools/list`): the SDK's protocol layer spends more
   * per request (telling responses from requests by trying schemas, re-validating the
   * request and the result) than a stateless server needs. Everything else —
   * `initialize`, `ping`, notifications — still goes to the server.
   */
  answerDirectly(method: string, handler: DirectHandler): void {
    this.direct.set(method, handler);
  }

  async start(): Promise<void> {}

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const internal of [...this.routes.keys()]) this.cancel(internal, 'server shutting down');
    this.onclose?.();
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    if (isResponse(message)) {
      const internal = message.id as number;
      const route = this.routes.get(internal);
      if (!route) return; // cancelled, or the client went away
      this.routes.delete(internal);
      const answer = { ...message, id: route.originalId } as JSONRPCMessage;
      route.exchange.answers.set(internal, answer);
      route.exchange.write?.(answer);
      if (route.exchange.answers.size === route.exchange.ids.length) route.exchange.finish();
      return;
    }
    // Notifications (progress) and server-to-client requests travel on the stream of
    // the request they belong to; with no open stream there is nowhere to send them.
    const related = options?.relatedRequestId;
    if (typeof related !== 'number') return;
    this.routes.get(related)?.exchange.write?.(message);
  }

  /** Handles one POST /mcp whose body is already parsed. */
  handle(input: ExchangeInput): Promise<ExchangeResult> | ExchangeResult {
    const accept = input.header('accept') ?? '';
    if (!accept.includes('application/json') || !accept.includes('text/event-stream')) {
      return jsonError(
        406,
        -32000,
        'Not Acceptable: Client must accept both application/json and text/event-stream',
      );
    }
    const contentType = (input.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (contentType !== 'application/json') {
      return jsonError(
        415,
        -32000,
        'Unsupported Media Type: Content-Type must be application/json',
      );
    }
    const batch = Array.isArray(input.body);
    const raw: unknown[] = batch ? (input.body as unknown[]) : [input.body];
    if (raw.length > MAX_BATCH) {
      return jsonError(400, -32600, `Invalid Request: Batch must not exceed ${MAX_BATCH} messages`);
    }
    if (raw.length === 0) return jsonError(400, -32600, 'Invalid Request: empty batch');
    const messages: JSONRPCMessage[] = [];
    for (const item of raw) {
      const parsed = JSONRPCMessageSchema.safeParse(item);
      if (!parsed.success) return jsonError(400, -32700, 'Parse error: Invalid JSON-RPC message');
      messages.push(parsed.data);
    }
    const initialize = messages.some((m) => 'method' in m && m.method === 'initialize');
    if (initialize && messages.length > 1) {
      return jsonError(400, -32600, 'Invalid Request: Only one initialization request is allowed');
    }
    if (!initialize) {
      const version = input.header('mcp-protocol-version');
      if (version !== undefined && !SUPPORTED_PROTOCOL_VERSIONS.includes(version)) {
        return jsonError(
          400,
          -32000,
          `Bad Request: Unsupported protocol version: ${version} (supported versions: ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')})`,
        );
      }
    }
    if (this.closed) return jsonError(503, -32000, 'Server is shutting down');

    const extra = input.authInfo ? { authInfo: input.authInfo } : undefined;
    if (!messages.some(isRequest)) {
      for (const message of messages) this.deliverNotification(message, input.callerKey, extra);
      return { kind: 'accepted' };
    }
    return input.stream
      ? this.streamExchange(messages, input, extra)
      : this.jsonExchange(messages, batch, input, extra);
  }

  private jsonExchange(
    messages: JSONRPCMessage[],
    batch: boolean,
    input: ExchangeInput,
    extra: { authInfo: AuthInfo } | undefined,
  ): Promise<ExchangeResult> {
    return new Promise((resolve) => {
      const exchange: Exchange = {
        ids: [],
        answers: new Map(),
        done: false,
        finish: () => {
          exchange.done = true;
          const answers = exchange.ids.map((id) => exchange.answers.get(id));
          resolve({ kind: 'json', status: 200, body: batch ? answers : answers[0] });
        },
        drop: () => resolve(jsonError(408, -32000, 'The client went away.')),
      };
      this.dispatch(messages, exchange, input, extra);
    });
  }

  private streamExchange(
    messages: JSONRPCMessage[],
    input: ExchangeInput,
    extra: { authInfo: AuthInfo } | undefined,
  ): ExchangeResult {
    const encoder = new TextEncoder();
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const exchange: Exchange = {
      ids: [],
      answers: new Map(),
      done: false,
      write: (message) => {
        if (exchange.done) return;
        try {
          controller.enqueue(encoder.encode(`event: message\ndata: ${messagesJson(message)}\n\n`));
        } catch {
          // The reader is gone; the client-gone listener cancels the requests.
        }
      },
      finish: () => {
        exchange.done = true;
        try {
          controller.close();
        } catch {
          // already closed by a cancelled reader
        }
      },
      drop: () => undefined,
    };
    const stream = new ReadableStream<Uint8Array>({
      start: (c) => {
        controller = c;
      },
      cancel: () => this.abandon(exchange, 'client closed the stream'),
    });
    this.dispatch(messages, exchange, input, extra);
    return { kind: 'stream', stream };
  }

  private dispatch(
    messages: JSONRPCMessage[],
    exchange: Exchange,
    input: ExchangeInput,
    extra: { authInfo: AuthInfo } | undefined,
  ): void {
    input.onClientGone(() => this.abandon(exchange, 'client disconnected'));
    for (const message of messages) {
      if (!isRequest(message)) continue;
      const internal = this.nextId++;
      exchange.ids.push(internal);
      this.routes.set(internal, { exchange, originalId: message.id, callerKey: input.callerKey });
    }
    let index = 0;
    for (const message of messages) {
      if (!isRequest(message)) {
        this.deliverNotification(message, input.callerKey, extra);
        continue;
      }
      const internal = exchange.ids[index++]!;
      const handler = this.direct.get(message.method);
      if (handler) this.runDirect(internal, message, handler, extra);
      else this.onmessage?.({ ...message, id: internal } as JSONRPCMessage, extra);
    }
  }

  /**
   * Runs a direct handler with the protocol's semantics: its answer (or a JSON-RPC
   * error built as the SDK builds it) goes back on the route; a cancelled request is
   * not answered; notifications it sends travel with the request.
   */
  private runDirect(
    internal: number,
    message: { method: string; params?: unknown },
    handler: DirectHandler,
    extra: { authInfo: AuthInfo } | undefined,
  ): void {
    // Most calls never look at their signal, and creating one is a measurable part of a
    // request: the controller is made when the handler first asks for it.
    let controller: AbortController | undefined;
    let cancelled: { reason: string } | undefined;
    const route = this.routes.get(internal);
    if (route) {
      route.abort = (reason) => {
        cancelled = { reason };
        controller?.abort(reason);
      };
    }
    const params = message.params as { _meta?: DirectExtra['_meta'] } | undefined;
    const handlerExtra: DirectExtra = {
      get signal() {
        if (!controller) {
          controller = new AbortController();
          if (cancelled) controller.abort(cancelled.reason);
        }
        return controller.signal;
      },
      authInfo: extra?.authInfo,
      requestId: internal,
      _meta: params?._meta,
      sendNotification: (notification) =>
        this.send({ ...notification, jsonrpc: '2.0' } as JSONRPCMessage, {
          relatedRequestId: internal,
        }),
    };
    const answer = (reply: { result: Result } | { error: object }) => {
      if (cancelled) return;
      void this.send({ jsonrpc: '2.0', id: internal, ...reply } as JSONRPCMessage);
    };
    Promise.resolve()
      .then(() => handler({ method: message.method, params: message.params }, handlerExtra))
      .then(
        (result) => answer({ result }),
        (error: unknown) => {
          const e = (error ?? {}) as { code?: unknown; message?: unknown; data?: unknown };
          answer({
            error: {
              code: Number.isSafeInteger(e.code) ? e.code : -32603,
              message: typeof e.message === 'string' ? e.message : 'Internal error',
              ...(e.data !== undefined ? { data: e.data } : {}),
            },
          });
        },
      );
  }

  /**
   * A client's `notifications/cancelled` names its own request id, which the server
   * never saw. It is translated when exactly one in-flight request of the same caller
   * carries that id here; otherwise it is dropped (another replica may hold it, and
   * cancelling the wrong request would be worse than finishing one).
   */
  private deliverNotification(
    message: JSONRPCMessage,
    callerKey: string | undefined,
    extra: { authInfo: AuthInfo } | undefined,
  ): void {
    if ('method' in message && message.method === 'notifications/cancelled') {
      const params = (message.params ?? {}) as { requestId?: RequestId; reason?: string };
      const matches = [...this.routes.entries()].filter(
        ([, r]) => r.callerKey === callerKey && r.originalId === params.requestId,
      );
      if (matches.length === 1) this.cancel(matches[0]![0], params.reason ?? 'cancelled by client');
      return;
    }
    // Other notifications, and answers to server-to-client requests, go to the server.
    this.onmessage?.(message, extra);
  }

  /** The client left: stop the work still running for it and forget its requests. */
  private abandon(exchange: Exchange, reason: string): void {
    if (exchange.done) return;
    exchange.done = true;
    for (const internal of exchange.ids) {
      if (this.routes.has(internal)) this.cancel(internal, reason);
    }
    exchange.drop();
  }

  /** Aborts the handler's signal (a direct one's, or through the protocol's own path). */
  private cancel(internal: number, reason: string): void {
    const abort = this.routes.get(internal)?.abort;
    this.routes.delete(internal);
    if (abort) {
      abort(reason);
      return;
    }
    this.onmessage?.({
      jsonrpc: '2.0',
      method: 'notifications/cancelled',
      params: { requestId: internal, reason },
    });
  }
}
