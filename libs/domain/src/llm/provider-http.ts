import { LumenError } from '../errors.js';
import type { HttpProviderOptions } from './llm-provider.js';
import { safeExcerpt } from './redact.js';
import {
  RETRY_AFTER_CEILING_MS,
  abortableSleep,
  backoffMs,
  isRetryableStatus,
  parseRetryAfter,
} from './retry-policy.js';

/** One JSON POST to a model API, described by the provider that makes it. */
export interface ProviderPost {
  readonly provider: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: unknown;
  /** Pulls a human-readable reason out of the provider's error body. */
  readonly describeError: (status: number, body: unknown) => string | undefined;
  readonly signal?: AbortSignal | undefined;
}

interface Failure {
  readonly retryable: boolean;
  readonly reason: string;
  readonly status?: number | undefined;
  readonly retryAfterMs?: number | undefined;
}

type Attempt = { readonly ok: true; readonly json: unknown } | ({ readonly ok: false } & Failure);

/**
 * POSTs with a per-attempt timeout combined with the caller's signal, retrying 429/5xx,
 * timeouts and network errors with jittered exponential backoff that honours
 * `retry-after`. Every error it throws is a LumenError whose text has passed through
 * redaction: the API key never leaves this function in a message.
 */
export async function postJsonWithRetry(
  post: ProviderPost,
  options: HttpProviderOptions,
): Promise<unknown> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4);
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    if (post.signal?.aborted) throw cancelled();
    const outcome = await attemptOnce(post, options);
    if (outcome.ok) return outcome.json;
    const tooLong = (outcome.retryAfterMs ?? 0) > RETRY_AFTER_CEILING_MS;
    if (!outcome.retryable || attempt >= maxAttempts || tooLong) {
      throw llmFailed(post.provider, outcome, attempt);
    }
    try {
      await sleep(backoffMs(attempt, random, outcome.retryAfterMs), post.signal);
    } catch {
      throw cancelled();
    }
  }
}

async function attemptOnce(post: ProviderPost, options: HttpProviderOptions): Promise<Attempt> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = post.signal ? AbortSignal.any([post.signal, timeout]) : timeout;
  const fetchFn = options.fetch ?? fetch;
  try {
    const response = await fetchFn(post.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...post.headers },
      body: JSON.stringify(post.body),
      signal,
    });
    const raw = await response.text();
    const json = parseJson(raw);
    if (response.ok) {
      if (json === undefined)
        return { ok: false, retryable: false, reason: 'the response was not JSON' };
      return { ok: true, json };
    }
    const described = post.describeError(response.status, json) ?? raw;
    return {
      ok: false,
      status: response.status,
      retryable: isRetryableStatus(response.status),
      retryAfterMs: parseRetryAfter(response.headers, options.clock?.() ?? new Date()),
      reason: `HTTP ${response.status}${described ? `: ${safeExcerpt(described, options.apiKey)}` : ''}`,
    };
  } catch (error) {
    if (post.signal?.aborted) throw cancelled();
    if (timeout.aborted)
      return { ok: false, retryable: true, reason: `no answer within ${timeoutMs} ms` };
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      retryable: true,
      reason: `network error: ${safeExcerpt(message, options.apiKey)}`,
    };
  }
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

function llmFailed(provider: string, failure: Failure, attempts: number): LumenError {
  const advice = failure.retryable
    ? 'Retryable: the provider is busy or unreachable; try again shortly.'
    : 'Not retryable: check the model name, the API key and the request.';
  return new LumenError(
    'mcp.llm.failed',
    `The ${provider} model call failed (${failure.reason}). ${advice}`,
    {
      details: { provider, status: failure.status, retryable: failure.retryable, attempts },
    },
  );
}

function cancelled(): LumenError {
  return new LumenError('mcp.cancelled', 'The model call was cancelled by the caller.');
}

/** Throws a non-retryable failure for a 2xx body that does not have the documented shape. */
export function malformedResponse(provider: string, what: string): LumenError {
  return llmFailed(provider, { retryable: false, reason: `unexpected response shape: ${what}` }, 1);
}

/** Reads `obj.a.b…` from untyped JSON without trusting its shape. */
export function pick(value: unknown, ...path: Array<string | number>): unknown {
  let current: unknown = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** Joins a base URL and a path without doubling or dropping the slash. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
