/**
 * The MCP stdio transport for the server side, in place of the SDK's
 * StdioServerTransport. That one closes the whole session when a line exceeds its
 * 10 MB buffer (the process then exits with status 0 and nothing on stderr, leaving the
 * request and every later one unanswered) and drops lines that are not JSON-RPC without
 * a word. Here, as JSON-RPC 2.0 §5.1 asks (https://www.jsonrpc.org/specification#error_object),
 * the client gets an error response and the session goes on:
 * - a line over the limit: -32600, answered to its request's id when that can be found
 *   at either end of the line (the SDK writes `id` last, others first), else id null;
 * - a line that is not JSON: -32700 Parse error, id null;
 * - JSON that is not a JSON-RPC message: -32600 Invalid Request.
 */
import process from 'node:process';

import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

import { createLineReader } from './line-reader.js';
import type { OversizedLine } from './line-reader.js';

/** The SDK's limit, kept: MCP clients already keep their messages under it. */
export const MAX_LINE_BYTES = 10 * 1024 * 1024;

type Id = string | number | null;

/** JSON-RPC's error objects for requests that never reached the server (§5.1). */
function errorLine(id: Id, code: number, message: string, data?: unknown): string {
  const error = { code, message, ...(data === undefined ? {} : { data }) };
  return `${JSON.stringify({ jsonrpc: '2.0', id, error })}\n`;
}

const ID_VALUE = String.raw`("(?:[^"\\]|\\.){0,200}"|-?\d{1,20})`;
const ID_FIRST = new RegExp(
  String.raw`^\s*\{\s*(?:"jsonrpc"\s*:\s*"2\.0"\s*,\s*)?"id"\s*:\s*${ID_VALUE}\s*[,}]`,
);
const ID_LAST = new RegExp(String.raw`[,{]\s*"id"\s*:\s*${ID_VALUE}\s*\}\s*$`);

/** The top-level id of a request line of which only both ends were kept. */
export function idOfOversized(line: OversizedLine): Id {
  const match =
    ID_FIRST.exec(line.head.toString('utf8')) ?? ID_LAST.exec(line.tail.toString('utf8'));
  if (!match) return null;
  try {
    return JSON.parse(match[1]!) as string | number;
  } catch {
    return null;
  }
}

function topLevelId(value: unknown): Id {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}

export class LineStdioServerTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private readonly reader;
  private started = false;
  /** Ids of the requests received and not answered yet. */
  private readonly unanswered = new Set<string | number>();
  private answeredWaiters: Array<() => void> = [];

  constructor(
    private readonly stdin: NodeJS.ReadableStream = process.stdin,
    private readonly stdout: NodeJS.WritableStream = process.stdout,
    private readonly log: (line: string) => void = () => undefined,
    maxLineBytes = MAX_LINE_BYTES,
  ) {
    this.reader = createLineReader({
      maxLineBytes,
      onLine: (line) => this.receive(line),
      onOversized: (line) => {
        const id = idOfOversized(line);
        this.log(`refused a ${line.bytes}-byte message (the limit is ${maxLineBytes} bytes)`);
        this.write(
          errorLine(
            id,
            -32600,
            `Invalid Request: message too large (${line.bytes} bytes; the limit is ${maxLineBytes} bytes per line). It was discarded.`,
            { code: 'mcp.message_too_large', limitBytes: maxLineBytes },
          ),
        );
      },
    });
  }

  private readonly onData = (chunk: Buffer | string) => {
    this.reader.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  };
  private readonly onStdinError = (error: Error) => this.onerror?.(error);

  async start(): Promise<void> {
    if (this.started) throw new Error('LineStdioServerTransport already started');
    this.started = true;
    this.stdin.on('data', this.onData);
    this.stdin.on('error', this.onStdinError);
  }

  private receive(raw: Buffer): void {
    const text = raw.toString('utf8').replace(/\r$/, '');
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.write(errorLine(null, -32700, 'Parse error: the line is not valid JSON.'));
      return;
    }
    const parsed = JSONRPCMessageSchema.safeParse(value);
    if (!parsed.success) {
      this.write(
        errorLine(topLevelId(value), -32600, 'Invalid Request: not a JSON-RPC 2.0 message.'),
      );
      return;
    }
    const message = parsed.data;
    if ('method' in message) {
      if ('id' in message) this.unanswered.add(message.id);
      // The SDK sends nothing for a request its client cancelled.
      else if (message.method === 'notifications/cancelled') {
        const id = (message.params as { requestId?: unknown } | undefined)?.requestId;
        if (typeof id === 'string' || typeof id === 'number') this.answer(id);
      }
    }
    this.onmessage?.(message);
  }

  private answer(id: string | number): void {
    if (!this.unanswered.delete(id) || this.unanswered.size > 0) return;
    const waiters = this.answeredWaiters;
    this.answeredWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Resolves once every request received so far has been answered (or cancelled). */
  whenAnswered(): Promise<void> {
    if (this.unanswered.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.answeredWaiters.push(resolve));
  }

  private write(text: string): Promise<void> {
    return new Promise((resolve) => {
      if (this.stdout.write(text)) resolve();
      else this.stdout.once('drain', resolve);
    });
  }

  async send(message: JSONRPCMessage): Promise<void> {
    await this.write(`${JSON.stringify(message)}\n`);
    if (!('method' in message) && 'id' in message && message.id !== undefined)
      this.answer(message.id);
  }

  async close(): Promise<void> {
    this.stdin.off('data', this.onData);
    this.stdin.off('error', this.onStdinError);
    if (this.stdin.listenerCount('data') === 0) this.stdin.pause();
    this.onclose?.();
  }
}
