/**
 * The one shape every model backend has. The gateway (llm-gateway.ts) is the only
 * caller in Lumen: features never talk to a provider directly, so every call is
 * budget-checked and logged.
 */
export interface LlmMessage {
  readonly role: 'user' | 'assistant';
  readonly content: string;
}

export interface LlmRequest {
  readonly system: string;
  readonly messages: readonly LlmMessage[];
  /** Upper bound on output tokens; also what the gateway reserves against the budget. */
  readonly maxTokens: number;
  readonly temperature?: number | undefined;
  readonly signal?: AbortSignal | undefined;
}

export interface LlmResponse {
  readonly text: string;
  readonly tokensIn: number;
  readonly tokensOut: number;
  /** The model that actually answered (providers may resolve aliases). */
  readonly model: string;
}

export interface LlmProvider {
  readonly name: string;
  readonly model: string;
  complete(request: LlmRequest): Promise<LlmResponse>;
}

/** Transport knobs shared by the HTTP providers; tests inject fetch, sleep and random. */
export interface HttpProviderOptions {
  readonly apiKey: string;
  readonly model: string;
  readonly baseUrl?: string | undefined;
  readonly fetch?: typeof fetch | undefined;
  /** Per-attempt timeout (default 60 s). */
  readonly timeoutMs?: number | undefined;
  /** Total attempts including the first (default 4). */
  readonly maxAttempts?: number | undefined;
  readonly sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
  readonly random?: (() => number) | undefined;
  readonly clock?: (() => Date) | undefined;
}
