/**
 * Whether caller-supplied text can be stored faithfully. Two things cannot:
 *
 * - NUL (U+0000): PostgreSQL `text` refuses it outright ("invalid byte sequence for
 *   encoding UTF8: 0x00", SQLSTATE 22021), on PGlite as on a server.
 * - An unpaired UTF-16 surrogate (U+D800–U+DFFF alone): it has no UTF-8 encoding
 *   (RFC 3629 §3), so it would be replaced by U+FFFD or refused on the way in.
 *
 * The edges (tool argument schemas, the REST guard, the CLI) refuse both with
 * mcp.invalid_argument and a message that names the argument, instead of letting the
 * driver fail with an internal error.
 */
import { LumenError } from '../errors.js';

export type UnstorableTextReason = 'nul' | 'lone_surrogate';

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why `value` cannot be stored, or undefined when it can. */
export function unstorableTextReason(value: string): UnstorableTextReason | undefined {
  if (value.includes('\u0000')) return 'nul';
  if (LONE_SURROGATE.test(value)) return 'lone_surrogate';
  return undefined;
}

/** The tail of the refusal, after the argument's name: "must not contain …". */
export function unstorableTextProblem(reason: UnstorableTextReason): string {
  return reason === 'nul'
    ? 'must not contain NUL (U+0000) characters'
    : 'must not contain unpaired UTF-16 surrogates (U+D800-U+DFFF): they have no UTF-8 encoding';
}

/** Throws mcp.invalid_argument naming `name` when `value` cannot be stored. */
export function assertStorableText(name: string, value: string): void {
  const reason = unstorableTextReason(value);
  if (reason) {
    throw new LumenError('mcp.invalid_argument', `${name} ${unstorableTextProblem(reason)}`, {
      details: { argument: name, reason },
    });
  }
}

export interface UnstorableTextFinding {
  /** Where it is, e.g. "course_slug", "items[2].name", "a key in tags"; "" for the root itself. */
  path: string;
  reason: UnstorableTextReason;
}

/**
 * A string (value or object key) anywhere in a parsed JSON value that cannot be stored.
 * Iterative, so a deeply nested body cannot overflow the stack.
 */
export function findUnstorableText(value: unknown): UnstorableTextFinding | undefined {
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length > 0) {
    const [current, path] = stack.pop()!;
    if (typeof current === 'string') {
      const reason = unstorableTextReason(current);
      if (reason) return { path, reason };
    } else if (Array.isArray(current)) {
      current.forEach((item, i) => stack.push([item, `${path}[${i}]`]));
    } else if (current !== null && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        const reason = unstorableTextReason(key);
        if (reason) return { path: path === '' ? 'a key' : `a key in ${path}`, reason };
        stack.push([item, path === '' ? key : `${path}.${key}`]);
      }
    }
  }
  return undefined;
}
