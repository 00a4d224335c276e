export { createNoopProvider } from './noop-provider.js';
export { createAnthropicProvider } from './anthropic-provider.js';
export { createOpenAiProvider } from './openai-provider.js';
export type { OpenAiProviderOptions } from './openai-provider.js';
export { createProviderFromConfig } from './provider-from-config.js';
export type { ProviderConfig } from './provider-from-config.js';
export { createLlmGateway } from './llm-gateway.js';
export type {
  CallLoggedInput,
  LlmGateway,
  LlmGatewayOptions,
  LoggedLlmResponse,
} from './llm-gateway.js';
export type {
  HttpProviderOptions,
  LlmMessage,
  LlmProvider,
  LlmRequest,
  LlmResponse,
} from './llm-provider.js';
export type { ModelPrice, PriceTable } from './prices.js';
