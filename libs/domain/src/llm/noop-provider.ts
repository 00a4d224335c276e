import { LumenError } from '../errors.js';
import { extractiveSummary } from './extractive-summary.js';
import type { LlmProvider, LlmRequest, LlmResponse } from './llm-provider.js';
import { parseSourcesPrompt } from './numbered-sources.js';
import { estimateRequestTokens, estimateTokens } from './token-estimate.js';

/**
 * The offline provider: deterministic, no network, the default. When the prompt carries
 * numbered sources (the tutor's format) it answers with an extractive, cited summary of
 * them; otherwise with a fixed note. Usage is the same estimate the gateway reserves.
 */
export function createNoopProvider(options: { model?: string } = {}): LlmProvider {
  const model = options.model ?? 'noop';
  return {
    name: 'noop',
    model,
    complete(request: LlmRequest): Promise<LlmResponse> {
      if (request.signal?.aborted) {
        return Promise.reject(
          new LumenError('mcp.cancelled', 'The model call was cancelled by the caller.'),
        );
      }
      const text = answer(request);
      return Promise.resolve({
        text,
        tokensIn: estimateRequestTokens(request),
        tokensOut: Math.min(request.maxTokens, estimateTokens(text)),
        model,
      });
    },
  };
}

function answer(request: LlmRequest): string {
  const lastUser = [...request.messages].reverse().find((m) => m.role === 'user');
  const parsed = parseSourcesPrompt(lastUser?.content ?? '');
  if (parsed.sources.length > 0) return extractiveSummary(parsed.sources, parsed.question ?? '');
  return 'No language model is configured (LLM_PROVIDER=noop); this is a fixed offline reply.';
}
