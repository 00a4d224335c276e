/**
 * Asking the model for JSON that must fit a schema. Models sometimes wrap JSON in
 * prose or fences, or get a field wrong; the answer is parsed leniently, validated, and
 * on failure the model is asked once more with the validation errors. A second failure
 * is final: 'mcp.authoring.invalid_outline'.
 */
import type { z } from 'zod';
import { prettifyError } from 'zod';

import type { Actor } from '../actor.js';
import { LumenError } from '../errors.js';
import type { LlmMessage } from '../llm/llm-provider.js';
import type { LlmGateway } from '../llm/llm-gateway.js';
import { throwIfCancelled } from './progress.js';

export interface JsonAsk<S extends z.ZodType> {
  readonly gateway: LlmGateway;
  readonly actor: Actor;
  readonly feature: string;
  readonly system: string;
  readonly prompt: string;
  readonly schema: S;
  readonly maxTokens: number;
  readonly signal?: AbortSignal | undefined;
  readonly now: Date;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

export function parseModelJson<S extends z.ZodType>(text: string, schema: S): Parsed<z.infer<S>> {
  const unfenced = text.replace(/^[\s\S]*?```(?:json)?\s*\n([\s\S]*?)```[\s\S]*$/, '$1');
  const start = unfenced.indexOf('{');
  const end = unfenced.lastIndexOf('}');
  if (start < 0 || end <= start)
    return { ok: false, problem: 'The reply contained no JSON object.' };
  let json: unknown;
  try {
    json = JSON.parse(unfenced.slice(start, end + 1));
  } catch (error) {
    return { ok: false, problem: `The reply was not valid JSON: ${(error as Error).message}` };
  }
  const result = schema.safeParse(json);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, problem: prettifyError(result.error) };
}

/** One logged model call; a failure caused by the caller's cancellation reads as such. */
export async function callModel<S extends z.ZodType>(
  ask: JsonAsk<S>,
  messages: readonly LlmMessage[],
): Promise<{ text: string }> {
  try {
    return await ask.gateway.callLogged({
      actor: ask.actor,
      feature: ask.feature,
      request: { system: ask.system, messages, maxTokens: ask.maxTokens, temperature: 0.2 },
      signal: ask.signal,
      now: ask.now,
    });
  } catch (error) {
    throwIfCancelled(ask.signal);
    throw error;
  }
}

export async function askForJson<S extends z.ZodType>(ask: JsonAsk<S>): Promise<z.infer<S>> {
  const messages: LlmMessage[] = [{ role: 'user', content: ask.prompt }];
  let problem = '';
  for (let attempt = 0; attempt < 2; attempt += 1) {
    throwIfCancelled(ask.signal);
    const reply = await callModel(ask, messages);
    const parsed = parseModelJson(reply.text, ask.schema);
    if (parsed.ok) return parsed.value;
    problem = parsed.problem;
    messages.push(
      { role: 'assistant', content: reply.text },
      {
        role: 'user',
        content: `That reply does not fit the required JSON shape:\n${problem}\nReply again with the corrected JSON object only.`,
      },
    );
  }
  throw new LumenError(
    'mcp.authoring.invalid_outline',
    `The model's outline was invalid twice; last problem: ${problem}`,
    {
      details: { problem },
    },
  );
}
