import type { LlmRequest } from './llm-provider.js';

/**
 * A tokenizer-free estimate: about four characters per token for English text
 * (OpenAI's and Anthropic's published rule of thumb). Used to reserve budget before a
 * call and by the offline provider to report usage; real providers report real counts.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Estimated input tokens of a whole request: system prompt plus every message. */
export function estimateRequestTokens(request: Pick<LlmRequest, 'system' | 'messages'>): number {
  let total = estimateTokens(request.system);
  for (const message of request.messages) total += estimateTokens(message.content);
  return total;
}
