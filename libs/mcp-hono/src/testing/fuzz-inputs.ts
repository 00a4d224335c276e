/**
 * Test support: fast-check arbitraries for hostile MCP input, and the checks every
 * answer must pass. Arguments are built as raw JSON text from key/value pairs, so keys
 * such as "__proto__" reach the server as written (an object literal would turn them
 * into a prototype instead of a property).
 */
import fc from 'fast-check';

import { absurdId, forgedCursor, unstorableText } from './hostile-strings.js';

/** The nine tools and a valid-looking value for each of their arguments. */
export const TOOL_ARGUMENTS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  list_courses: { filter: 'cells', limit: 5, cursor: 'abc' },
  get_course: { slug: 'how-cells-make-energy' },
  search_lesson_content: { course_slug: 'how-cells-make-energy', query: 'ATP', top_k: 3 },
  ask_tutor: { course_slug: 'how-cells-make-energy', question: 'What is ATP?' },
  list_my_due_reviews: { limit: 3 },
  grade_review_card: { card_id: '00000000-0000-4000-8000-000000000000', rating: 3 },
  list_my_progress: {},
  create_course_draft: { brief: 'Tides and the moon', subject_slug: 'physics' },
  ingest_url_to_draft: { url: 'not a url', course_id: '00000000-0000-4000-8000-000000000000' },
};

export const TOOL_NAMES = Object.keys(TOOL_ARGUMENTS);

const NASTY_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  '$where',
  '',
  '\u0000',
  'a'.repeat(300),
];

/** Values an argument should never have: wrong types, extremes, NaN-likes, odd unicode. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    -0,
    1.5,
    1e308,
    -1e308,
    2 ** 53 + 1,
    'NaN',
    'Infinity',
    '-Infinity',
    '',
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.fullUnicodeString({ maxLength: 40 }),
  fc.string({ minLength: 5_000, maxLength: 20_000 }),
  fc.constantFrom(
    "'; DROP TABLE users; --",
    '%00',
    '../../../etc/passwd',
    '\ud800',
    '\u202e\u0000',
    '{{7*7}}',
  ),
  fc.jsonValue({ maxDepth: 3 }),
  unstorableText(),
  forgedCursor,
  absurdId,
);

/** Raw JSON text of an object with exactly these pairs, duplicates and all. */
export function objectText(pairs: ReadonlyArray<readonly [string, unknown]>): string {
  return `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`;
}

/** Near-miss arguments for one tool: each real key kept, dropped or poisoned, plus extra keys. */
export function nearMissArguments(tool: string): fc.Arbitrary<string> {
  const base = Object.entries(TOOL_ARGUMENTS[tool] ?? {});
  const perKey = base.map(([key, value]) =>
    fc.oneof(
      fc.constant([[key, value]] as Array<[string, unknown]>),
      fc.constant([] as Array<[string, unknown]>),
      nastyValue.map((v) => [[key, v]] as Array<[string, unknown]>),
    ),
  );
  const extras = fc.array(
    fc.tuple(fc.oneof(fc.constantFrom(...NASTY_KEYS), fc.string()), nastyValue),
    {
      maxLength: 3,
    },
  );
  return fc
    .tuple(fc.tuple(...perKey), extras)
    .map(([kept, extra]) => objectText([...kept.flat(), ...extra]));
}

/** The hostile strings for one argument: absurd tokens for cursors and ids, else unstorable text. */
function hostileString(key: string, valid: string): fc.Arbitrary<string> {
  if (key === 'cursor') return forgedCursor;
  if (key.endsWith('_id')) return absurdId;
  return unstorableText(valid);
}

/**
 * Arguments for one tool that are valid except for one string argument, which holds
 * a NUL, a lone surrogate, or (cursors, ids) well-formed but absurd content.
 */
export function hostileArguments(tool: string): fc.Arbitrary<string> {
  const base = Object.entries(TOOL_ARGUMENTS[tool] ?? {});
  const strings = base.filter(([, v]) => typeof v === 'string').map(([k]) => k);
  if (strings.length === 0) return fc.constant(objectText(base));
  return fc
    .constantFrom(...strings)
    .chain((key) =>
      hostileString(key, TOOL_ARGUMENTS[tool]![key] as string).map((value) =>
        objectText(base.map(([k, v]) => [k, k === key ? value : v] as const)),
      ),
    );
}

/** Tools with at least one string argument. */
export const STRING_TOOL_NAMES = TOOL_NAMES.filter((tool) =>
  Object.values(TOOL_ARGUMENTS[tool] ?? {}).some((v) => typeof v === 'string'),
);

/** `arguments` as any JSON at all (not even an object), or a near miss. */
export function toolArgumentsText(tool: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: nearMissArguments(tool) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null') },
  );
}

export function toolCallText(tool: string, argumentsText: string, id: number): string {
  return `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":${JSON.stringify(tool)},"arguments":${argumentsText}}}`;
}

const METHODS = [
  'initialize',
  'ping',
  'tools/list',
  'tools/call',
  'resources/list',
  'prompts/get',
  'notifications/initialized',
  'notifications/cancelled',
  'logging/setLevel',
  'completion/complete',
];

/** One JSON-RPC-ish frame: every member may be missing, mistyped or random. */
export const jsonRpcFrame: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    jsonrpc: fc.oneof(fc.constant('2.0'), fc.constantFrom('1.0', 2, null, '')),
    id: fc.oneof(
      fc.integer(),
      fc.string({ maxLength: 20 }),
      fc.constant(null),
      fc.jsonValue({ maxDepth: 2 }),
    ),
    method: fc.oneof(fc.constantFrom(...METHODS), fc.string({ maxLength: 30 }), fc.integer()),
    params: fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc.record({
        name: fc.constantFrom(...TOOL_NAMES, 'nope'),
        arguments: fc.jsonValue({ maxDepth: 3 }),
      }),
    ),
    result: fc.jsonValue({ maxDepth: 2 }),
    error: fc.jsonValue({ maxDepth: 2 }),
  },
  { requiredKeys: [] },
);

/** A whole POST body: a frame, a batch, deep nesting, or plain garbage text. */
export const jsonRpcBody: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: jsonRpcFrame.map((f) => JSON.stringify(f)) },
  { weight: 2, arbitrary: fc.array(jsonRpcFrame, { maxLength: 20 }).map((b) => JSON.stringify(b)) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1, max: 3_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
  },
  { weight: 1, arbitrary: fc.fullUnicodeString({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v) ?? '') },
);

/** Stack frames, source paths, SQL: nothing of the kind may reach a caller. */
const STACK = /\n\s+at |\bat [^\s]+ \(|\.(?:ts|js|mjs):\d+|node_modules|\/work\/|\/apps\/|\/libs\//;
const SQL =
  /\bSELECT\b|relation "|syntax error at|\bINSERT INTO\b|violates .* constraint|prisma|PGlite/i;

/** Problems with one answer body (empty when clean). `refusal` widens the check to SQL text. */
export function leaks(body: string, refusal: boolean): string[] {
  const found: string[] = [];
  if (STACK.test(body)) found.push(`stack trace or path: ${STACK.exec(body)?.[0]}`);
  if (refusal && SQL.test(body)) found.push(`SQL/driver text: ${SQL.exec(body)?.[0]}`);
  return found;
}

/** JSON-RPC messages in an answer body: plain JSON, or the `data:` lines of an SSE stream. */
export function messagesOf(body: string, contentType: string | undefined): unknown[] {
  if (body.trim() === '') return [];
  if (contentType?.includes('text/event-stream')) {
    return body
      .split('\n')
      .filter((l) => l.startsWith('data:'))
      .map((l) => JSON.parse(l.slice(5)) as unknown);
  }
  const parsed = JSON.parse(body) as unknown;
  return Array.isArray(parsed) ? parsed : [parsed];
}

/** Problems with one JSON-RPC response message: a tool refusal must start with its `mcp.` code. */
export function messageProblems(message: unknown): string[] {
  const m = message as {
    result?: { isError?: boolean; content?: Array<{ text?: string }> };
    error?: { code?: unknown; message?: unknown };
  };
  if (m.error !== undefined) {
    return Number.isInteger(m.error.code) && typeof m.error.message === 'string'
      ? []
      : [`JSON-RPC error without an integer code: ${JSON.stringify(m.error).slice(0, 200)}`];
  }
  if (m.result?.isError) {
    const text = m.result.content?.[0]?.text ?? '';
    if (!/^mcp\.[a-z_]+(?:\.[a-z_]+)*: /.test(text))
      return [`tool error without a stable code: ${text.slice(0, 200)}`];
    // mcp.internal is the code of an unexpected failure: no input may cause one.
    return text.startsWith('mcp.internal:') ? [`internal error: ${text.slice(0, 200)}`] : [];
  }
  return [];
}
