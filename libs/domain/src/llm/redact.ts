/**
 * Keeps credentials out of anything that may reach a log or a client. Provider error
 * bodies sometimes echo (part of) the key, e.g. OpenAI's "Incorrect API key provided:
 * sk-abc***xyz", so key-shaped tokens are masked as well as the exact key.
 */
const KEY_SHAPED = /\b(?:sk|pk|rk|key)-[A-Za-z0-9_*.-]{4,}/gi;

export function redactSecrets(text: string, secret?: string): string {
  let out = text;
  if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out.replace(KEY_SHAPED, '[redacted]');
}

/** A short, single-line, secret-free excerpt for error messages and llm_call_log.error. */
export function safeExcerpt(text: string, secret?: string, max = 300): string {
  const flat = redactSecrets(text, secret).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
