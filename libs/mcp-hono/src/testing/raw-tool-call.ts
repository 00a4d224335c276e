/**
 * Test support: one `tools/call` as a bare JSON-RPC POST (the stateless transport needs
 * no initialize), classified the way an operator reads the outcome: a success, a tool
 * error with its stable code, an HTTP refusal with its `error` code, or a transport
 * failure (timeout, connection refused).
 */
export interface RawToolOutcome {
  /** 'ok', a stable code such as 'mcp.unavailable', or 'transport:<reason>'. */
  outcome: string;
  /** HTTP status, 0 when no response arrived. */
  status: number;
  /** Wall time from sending to the whole body read. */
  ms: number;
  retryable: boolean | undefined;
  body: string;
}

interface ToolCallBody {
  result?: {
    isError?: boolean;
    content?: Array<{ text?: string }>;
    _meta?: Record<string, unknown>;
  };
  error?: { code?: number; message?: string } | string;
}

function classify(
  status: number,
  body: string,
): { outcome: string; retryable: boolean | undefined } {
  let parsed: ToolCallBody | undefined;
  try {
    parsed = JSON.parse(body) as ToolCallBody;
  } catch {
    return { outcome: `http:${status}:not-json`, retryable: undefined };
  }
  if (typeof parsed.error === 'string') return { outcome: parsed.error, retryable: status === 503 };
  if (parsed.error) return { outcome: `jsonrpc:${parsed.error.code ?? '?'}`, retryable: undefined };
  const result = parsed.result;
  if (!result) return { outcome: `http:${status}:no-result`, retryable: undefined };
  if (!result.isError) return { outcome: 'ok', retryable: undefined };
  const meta = result._meta?.['lumen/error'] as { code?: string; retryable?: boolean } | undefined;
  const code = meta?.code ?? result.content?.[0]?.text?.split(':')[0] ?? 'unknown';
  return { outcome: code, retryable: meta?.retryable };
}

export async function rawToolCall(
  mcpUrl: string,
  token: string,
  name: string,
  args: Record<string, unknown>,
  timeoutMs = 15_000,
): Promise<RawToolOutcome> {
  const started = performance.now();
  try {
    const response = await fetch(mcpUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2025-06-18',
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name, arguments: args },
      }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = await response.text();
    return {
      ...classify(response.status, body),
      status: response.status,
      ms: performance.now() - started,
      body,
    };
  } catch (error) {
    const reason = (error as Error).name === 'TimeoutError' ? 'timeout' : (error as Error).message;
    return {
      outcome: `transport:${reason}`,
      status: 0,
      ms: performance.now() - started,
      retryable: undefined,
      body: '',
    };
  }
}
