import { LumenError } from '../errors.js';
import { createAnthropicProvider } from './anthropic-provider.js';
import type { HttpProviderOptions, LlmProvider } from './llm-provider.js';
import { createNoopProvider } from './noop-provider.js';
import { createOpenAiProvider } from './openai-provider.js';

export interface ProviderConfig {
  readonly provider: 'noop' | 'anthropic' | 'openai';
  readonly apiKey?: string | undefined;
  readonly model?: string | undefined;
  readonly baseUrl?: string | undefined;
  /** Transport overrides (tests, tuning); apiKey/model/baseUrl above take precedence. */
  readonly transport?: Omit<HttpProviderOptions, 'apiKey' | 'model' | 'baseUrl'> | undefined;
}

const DEFAULT_MODELS = { anthropic: 'claude-sonnet-4-5', openai: 'gpt-4o-mini' } as const;

/**
 * Builds the provider the apps chose from their environment. A missing key is a
 * configuration error at startup, not a 401 at the first learner's question; local
 * OpenAI-compatible servers (Ollama, vLLM) accept any key, so a baseUrl alone suffices.
 */
export function createProviderFromConfig(config: ProviderConfig): LlmProvider {
  if (config.provider === 'noop')
    return createNoopProvider(config.model ? { model: config.model } : {});
  const apiKey =
    config.apiKey ?? (config.provider === 'openai' && config.baseUrl ? 'unused' : undefined);
  if (!apiKey) {
    throw new LumenError(
      'mcp.invalid_argument',
      `The LLM provider "${config.provider}" needs an API key.`,
    );
  }
  const options: HttpProviderOptions = {
    ...config.transport,
    apiKey,
    model: config.model ?? DEFAULT_MODELS[config.provider],
    baseUrl: config.baseUrl,
  };
  return config.provider === 'anthropic'
    ? createAnthropicProvider(options)
    : createOpenAiProvider(options);
}
