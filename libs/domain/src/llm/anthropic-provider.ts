import type { HttpProviderOptions, LlmProvider, LlmRequest, LlmResponse } from './llm-provider.js';
import { joinUrl, malformedResponse, pick, postJsonWithRetry } from './provider-http.js';

/** Anthropic's API version header, pinned: the Messages API shape below is this version's. */
const ANTHROPIC_VERSION = '2023-06-01';

/**
 * Anthropic Messages API (POST /v1/messages). The system prompt is a top-level field,
 * not a message; the answer is the concatenation of the `text` content blocks.
 */
export function createAnthropicProvider(options: HttpProviderOptions): LlmProvider {
  const url = joinUrl(options.baseUrl ?? 'https://api.anthropic.com', '/v1/messages');
  return {
    name: 'anthropic',
    model: options.model,
    async complete(request: LlmRequest): Promise<LlmResponse> {
      const json = await postJsonWithRetry(
        {
          provider: 'anthropic',
          url,
          headers: { 'x-api-key': options.apiKey, 'anthropic-version': ANTHROPIC_VERSION },
          body: {
            model: options.model,
            max_tokens: request.maxTokens,
            system: request.system,
            messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
            ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
          },
          describeError: describeAnthropicError,
          signal: request.signal,
        },
        options,
      );
      return parseAnthropicResponse(json, options.model);
    },
  };
}

/** Error bodies are `{ type: 'error', error: { type, message } }`. */
function describeAnthropicError(_status: number, body: unknown): string | undefined {
  const type = pick(body, 'error', 'type');
  const message = pick(body, 'error', 'message');
  if (typeof message !== 'string') return undefined;
  return typeof type === 'string' ? `${type}: ${message}` : message;
}

function parseAnthropicResponse(json: unknown, requestedModel: string): LlmResponse {
  const content = pick(json, 'content');
  if (!Array.isArray(content)) throw malformedResponse('anthropic', 'no content array');
  const text = content
    .filter((block) => pick(block, 'type') === 'text' && typeof pick(block, 'text') === 'string')
    .map((block) => pick(block, 'text') as string)
    .join('');
  // Cached prompt tokens are reported separately but are still input the call consumed.
  const tokensIn =
    num(pick(json, 'usage', 'input_tokens')) +
    num(pick(json, 'usage', 'cache_creation_input_tokens')) +
    num(pick(json, 'usage', 'cache_read_input_tokens'));
  const model = pick(json, 'model');
  return {
    text,
    tokensIn,
    tokensOut: num(pick(json, 'usage', 'output_tokens')),
    model: typeof model === 'string' && model ? model : requestedModel,
  };
}

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
