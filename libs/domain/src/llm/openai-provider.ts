import type { HttpProviderOptions, LlmProvider, LlmRequest, LlmResponse } from './llm-provider.js';
import { joinUrl, malformedResponse, pick, postJsonWithRetry } from './provider-http.js';

export interface OpenAiProviderOptions extends HttpProviderOptions {
  /**
   * Name of the output cap. OpenAI's own API wants `max_completion_tokens` (reasoning
   * models reject `max_tokens`); compatible servers (Ollama, vLLM, llama.cpp) have long
   * accepted `max_tokens`. Default: the former for api.openai.com, the latter elsewhere.
   */
  readonly maxTokensField?: 'max_tokens' | 'max_completion_tokens' | undefined;
}

/** OpenAI chat completions (POST {baseUrl}/chat/completions), or any compatible server. */
export function createOpenAiProvider(options: OpenAiProviderOptions): LlmProvider {
  const baseUrl = options.baseUrl ?? 'https://api.openai.com/v1';
  const url = joinUrl(baseUrl, '/chat/completions');
  const maxField =
    options.maxTokensField ??
    (new URL(url).hostname === 'api.openai.com' ? 'max_completion_tokens' : 'max_tokens');
  return {
    name: 'openai',
    model: options.model,
    async complete(request: LlmRequest): Promise<LlmResponse> {
      const json = await postJsonWithRetry(
        {
          provider: 'openai',
          url,
          headers: { authorization: `Bearer ${options.apiKey}` },
          body: {
            model: options.model,
            messages: [
              { role: 'system', content: request.system },
              ...request.messages.map((m) => ({ role: m.role, content: m.content })),
            ],
            [maxField]: request.maxTokens,
            ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
          },
          describeError: describeOpenAiError,
          signal: request.signal,
        },
        options,
      );
      return parseOpenAiResponse(json, options.model);
    },
  };
}

/** Error bodies are `{ error: { message, type, code } }`. */
function describeOpenAiError(_status: number, body: unknown): string | undefined {
  const message = pick(body, 'error', 'message');
  if (typeof message !== 'string') return undefined;
  const code = pick(body, 'error', 'code') ?? pick(body, 'error', 'type');
  return typeof code === 'string' ? `${code}: ${message}` : message;
}

function parseOpenAiResponse(json: unknown, requestedModel: string): LlmResponse {
  const message = pick(json, 'choices', 0, 'message');
  if (message === undefined) throw malformedResponse('openai', 'no choices[0].message');
  const content = pick(message, 'content');
  const model = pick(json, 'model');
  return {
    // content is null when the model refused or only called tools.
    text: typeof content === 'string' ? content : '',
    tokensIn: num(pick(json, 'usage', 'prompt_tokens')),
    tokensOut: num(pick(json, 'usage', 'completion_tokens')),
    model: typeof model === 'string' && model ? model : requestedModel,
  };
}

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
