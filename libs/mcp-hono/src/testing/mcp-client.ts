/**
 * Test support: a real MCP SDK client over streamable HTTP that authenticates the way
 * a hosted client does — the SDK's own ClientCredentialsProvider discovers the RFC 9728
 * and RFC 8414 metadata from the 401 and fetches its token by itself.
 */
import type { MintResult } from '@lumen/auth';
import { ClientCredentialsProvider } from '@modelcontextprotocol/sdk/client/auth-extensions.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';

export interface ConnectedClient {
  client: Client;
  provider: ClientCredentialsProvider;
}

export async function connectHttpClient(
  server: { baseUrl: string; mcpUrl: string },
  credentials: MintResult,
): Promise<ConnectedClient> {
  const provider = new ClientCredentialsProvider({
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    expectedIssuer: server.baseUrl,
  });
  const transport = new StreamableHTTPClientTransport(new URL(server.mcpUrl), {
    authProvider: provider,
  });
  const client = new Client({ name: 'lumen-e2e', version: '1.0.0' });
  await client.connect(transport);
  return { client, provider };
}

/** Text patterns that would mean internals leaked: stack frames, SQL, driver names. */
const LEAK =
  /\n\s+at |\bat .+:\d+:\d+\)|\bSELECT\b|\bINSERT INTO\b|\bUPDATE .+ SET\b|\bprisma\b|node_modules|PGlite/i;

/** Throws when `text` carries a stack trace or SQL. */
export function assertNoInternals(text: string): void {
  if (LEAK.test(text)) throw new Error(`response leaks internals: ${text.slice(0, 500)}`);
}

function textOf(result: unknown): string {
  const first = (
    (result as { content?: unknown }).content as Array<{ type: string; text?: string }> | undefined
  )?.[0];
  if (first?.type !== 'text' || first.text === undefined)
    throw new Error('tool result has no text content');
  return first.text;
}

/**
 * Calls a tool that must succeed and returns its structuredContent, after checking
 * that the text content carries the same JSON (for clients without structured output).
 */
export async function callOk(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
  options?: RequestOptions,
): Promise<Record<string, unknown>> {
  const result = await client.callTool({ name, arguments: args }, undefined, options);
  const text = textOf(result);
  if (result.isError) throw new Error(`${name} failed: ${text}`);
  const structured = result.structuredContent as Record<string, unknown> | undefined;
  if (!structured) throw new Error(`${name} returned no structuredContent`);
  if (JSON.stringify(JSON.parse(text)) !== JSON.stringify(structured)) {
    throw new Error(`${name}: text content differs from structuredContent`);
  }
  return structured;
}

/** Calls a tool that must fail as a tool result; returns the stable code and the text. */
export async function callFailure(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<{ code: string; text: string }> {
  const result = await client.callTool({ name, arguments: args });
  const text = textOf(result);
  if (!result.isError)
    throw new Error(`${name} was expected to fail but returned ${text.slice(0, 200)}`);
  assertNoInternals(text);
  return { code: text.split(':')[0] ?? '', text };
}
