/**
 * When and how long to wait before retrying a model call. 429 and 5xx are transient
 * (RFC 9110 §15.6; Anthropic's 529 "overloaded" included); other 4xx are the
 * caller's fault and retrying cannot help.
 */
export const RETRY_BASE_MS = 500;
export const RETRY_MAX_BACKOFF_MS = 8_000;
/** A server asking us to wait longer than this is treated as "not now" rather than waited on. */
export const RETRY_AFTER_CEILING_MS = 30_000;

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

/**
 * Milliseconds the server asked us to wait, from `retry-after-ms` (OpenAI) or
 * `retry-after` as delta-seconds or HTTP-date (RFC 9110 §10.2.3); undefined if absent.
 */
export function parseRetryAfter(headers: Headers, now: Date): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.ceil(Number(ms));
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now.getTime());
}

/**
 * Exponential backoff with "equal jitter" (half fixed, half random), so replicas that
 * failed together do not retry together; never shorter than what the server asked for.
 */
export function backoffMs(
  failedAttempts: number,
  random: () => number,
  retryAfterMs?: number,
): number {
  const exp = Math.min(RETRY_MAX_BACKOFF_MS, RETRY_BASE_MS * 2 ** Math.max(0, failedAttempts - 1));
  const jittered = exp / 2 + random() * (exp / 2);
  return Math.max(retryAfterMs ?? 0, Math.round(jittered));
}

/** A sleep that ends early (rejecting) when `signal` aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
