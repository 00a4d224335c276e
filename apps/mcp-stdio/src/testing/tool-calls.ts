/** Test support: tool calls through a real SDK client, with the result shapes checked. */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';

function textOf(result: unknown): string {
  const first = (
    (result as { content?: unknown }).content as Array<{ type: string; text?: string }> | undefined
  )?.[0];
  if (first?.type !== 'text' || first.text === undefined)
    throw new Error('tool result has no text content');
  return first.text;
}

/** A successful call's structuredContent, checked against the JSON in its text content. */
export async function callOk(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const result = await client.callTool({ name, arguments: args });
  const text = textOf(result);
  if (result.isError) throw new Error(`${name} failed: ${text}`);
  const structured = result.structuredContent as Record<string, unknown> | undefined;
  if (!structured || JSON.stringify(JSON.parse(text)) !== JSON.stringify(structured)) {
    throw new Error(`${name}: structuredContent missing or different from the text content`);
  }
  return structured;
}

/** A failed call's stable code (the text's first word) and text. */
export async function callFailure(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<{ code: string; text: string }> {
  const result = await client.callTool({ name, arguments: args });
  const text = textOf(result);
  if (!result.isError)
    throw new Error(`${name} was expected to fail but returned ${text.slice(0, 200)}`);
  if (/\n\s+at |\bSELECT\b|\bprisma\b|node_modules/i.test(text))
    throw new Error(`${name} leaked internals: ${text}`);
  return { code: text.split(':')[0] ?? '', text };
}
