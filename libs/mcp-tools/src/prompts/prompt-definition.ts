import type { GetPromptResult, Prompt } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';

import type { RequestContext } from '../request-error.js';

/**
 * A prompt as data, like a tool: its listing, the schema its (string) arguments must
 * pass, the scope that what it embeds needs (none when it embeds nothing), and the
 * builder of its messages.
 */
export interface PromptDefinition<A extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  description: string;
  arguments: NonNullable<Prompt['arguments']>;
  input: A;
  /** The scope needed to embed the course data the prompt shows, given its arguments. */
  scope: (args: z.output<A>) => string | undefined;
  build: (args: z.output<A>, ctx: RequestContext) => Promise<GetPromptResult>;
}

export function definePrompt<A extends z.ZodObject>(
  prompt: PromptDefinition<A>,
): PromptDefinition<A> {
  return prompt;
}

/** A prompt's argument text: lines joined, empty (undefined/false) lines dropped. */
export const lines = (...parts: Array<string | false | undefined>) =>
  parts.filter((p): p is string => typeof p === 'string').join('\n');
