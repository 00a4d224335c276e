/**
 * Hostile input over streamable HTTP: property-based fuzzing (fast-check, fixed seed,
 * bounded runs) of every tool's arguments and of raw JSON-RPC bodies, plus the classic
 * malformed requests. For every answer: no 5xx, no stack trace, path or SQL, a JSON
 * body, and every refusal a stable code; afterwards the server still serves.
 */
import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';
import { findUnstorableText, seedDemoData } from '@lumen/domain';
import fc from 'fast-check';

import { fetchAccessToken, startTestHttpServer } from './testing/http-harness.js';
import type { TestHttpServer } from './testing/http-harness.js';
import {
  STRING_TOOL_NAMES,
  TOOL_NAMES,
  hostileArguments,
  jsonRpcBody,
  leaks,
  messageProblems,
  messagesOf,
  toolArgumentsText,
  toolCallText,
} from './testing/fuzz-inputs.js';
import { hostileRestRequest } from './testing/hostile-rest.js';
import { mcpHeaders, rawRequest } from './testing/raw-request.js';
import type { RawResponse } from './testing/raw-request.js';

const SEED = 20_251_125;
const LONG = 120_000;

/** Every problem with one HTTP answer; an empty list means it is clean. */
function problems(res: RawResponse): string[] {
  const found: string[] = [];
  if (res.status >= 500 || res.status === 0) found.push(`status ${res.status}`);
  const refusal = res.status >= 400;
  let messages: unknown[] = [];
  try {
    messages = messagesOf(res.body, String(res.headers['content-type'] ?? ''));
  } catch {
    found.push(`non-JSON body (${res.status}): ${res.body.slice(0, 120)}`);
  }
  if (refusal) {
    const body = messages[0] as { error?: unknown } | undefined;
    if (body?.error === undefined) found.push(`HTTP ${res.status} without an "error" member`);
  }
  for (const m of messages) found.push(...messageProblems(m));
  const isToolError = messages.some(
    (m) => (m as { result?: { isError?: boolean } }).result?.isError,
  );
  found.push(...leaks(res.body, refusal || isToolError));
  return found;
}

describe.each(testDatabases())('hostile input over HTTP on %s', (_kind, open) => {
  let db: Db;
  let server: TestHttpServer;
  let learner: string;
  let teacher: string;
  let admin: string;
  const post = (body: string | Buffer, headers: Record<string, string> = {}, token = learner) =>
    rawRequest(server.baseUrl, {
      path: '/mcp',
      headers: { ...mcpHeaders(token), ...headers },
      body,
    });

  /** The server still answers an ordinary call after whatever came before. */
  async function stillServes(): Promise<void> {
    const res = await post(toolCallText('list_courses', '{"limit":1}', 1));
    expect(res.status).toBe(200);
    expect((res.json as { result: { isError?: boolean } }).result.isError).toBeFalsy();
  }

  beforeAll(async () => {
    db = await open();
    await seedDemoData(db, new Date());
    server = await startTestHttpServer(db);
    learner = await fetchAccessToken(server.baseUrl, await server.mint('learner@lumen.test', '*'));
    teacher = await fetchAccessToken(server.baseUrl, await server.mint('teacher@lumen.test', '*'));
    admin = await fetchAccessToken(server.baseUrl, await server.mint('admin@lumen.test', '*'));
  }, LONG);
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it(
    "refuses every tool's hostile arguments with a stable code and leaks nothing",
    async () => {
      const seen = new Set<string>();
      await fc.assert(
        fc.asyncProperty(
          fc
            .constantFrom(...TOOL_NAMES)
            .chain((tool) => fc.tuple(fc.constant(tool), toolArgumentsText(tool), fc.boolean())),
          async ([tool, args, asTeacher]) => {
            // Ingest stays with the learner: it is refused before any fetch leaves the machine.
            const token = asTeacher && tool !== 'ingest_url_to_draft' ? teacher : learner;
            const res = await post(toolCallText(tool, args, 7), {}, token);
            const found = problems(res);
            const text = (res.json as { result?: { content?: Array<{ text?: string }> } })?.result
              ?.content?.[0]?.text;
            seen.add(text?.startsWith('mcp.') ? text.split(':')[0]! : `status ${res.status}`);
            expect(found).toEqual([]);
          },
        ),
        { seed: SEED, numRuns: 250, endOnFailure: true },
      );
      expect(seen.has('mcp.invalid_argument')).toBe(true);
      await stillServes();
    },
    LONG,
  );

  it(
    'refuses NUL, lone surrogates and absurd cursors and ids in every string argument',
    async () => {
      const seen = new Set<string>();
      await fc.assert(
        fc.asyncProperty(
          fc
            .constantFrom(...STRING_TOOL_NAMES)
            .chain((tool) => fc.tuple(fc.constant(tool), hostileArguments(tool))),
          async ([tool, args]) => {
            // The teacher passes every role gate, so the arguments themselves are judged.
            // Ingest's url stays "not a url" unless poisoned: nothing is fetched.
            const res = await post(toolCallText(tool, args, 9), {}, teacher);
            expect(problems(res)).toEqual([]);
            const text =
              (res.json as { result?: { content?: Array<{ text?: string }> } })?.result
                ?.content?.[0]?.text ?? '';
            seen.add(text.split(':')[0]!);
            // Text the database cannot store is always this refusal, on every argument.
            if (findUnstorableText(JSON.parse(args))) {
              expect(text).toMatch(/^mcp\.invalid_argument: .*must not contain/);
            }
          },
        ),
        { seed: SEED, numRuns: 150, endOnFailure: true },
      );
      expect(seen.has('mcp.invalid_argument')).toBe(true);
      await stillServes();
    },
    LONG,
  );

  it(
    'refuses hostile strings in REST paths, queries and bodies with a stable code',
    async () => {
      await fc.assert(
        fc.asyncProperty(hostileRestRequest, async (request) => {
          const res = await rawRequest(server.baseUrl, {
            method: request.method,
            path: request.path,
            headers: {
              authorization: `Bearer ${request.admin ? admin : learner}`,
              'content-type': 'application/json',
            },
            ...(request.body === undefined ? {} : { body: request.body }),
          });
          expect(leaks(res.body, true)).toEqual([]);
          expect(res.status).toBeLessThan(500);
          const error = (res.json as { error?: unknown } | undefined)?.error;
          if (res.status >= 400 && res.status !== 404) {
            expect(error).toEqual(expect.stringMatching(/^(mcp|auth)\.[a-z_.]+$/));
          }
          expect(error).not.toBe('mcp.internal');
          // NUL survives every encoding; a lone surrogate only a JSON body (in a path
          // or query it can only travel as the UTF-8 of U+FFFD).
          const unstorable =
            request.body === undefined
              ? request.value.includes('\u0000')
              : findUnstorableText(JSON.parse(request.body)) !== undefined;
          if (unstorable) {
            expect({ status: res.status, error }).toEqual({
              status: 400,
              error: 'mcp.invalid_argument',
            });
          }
        }),
        { seed: SEED, numRuns: 80, endOnFailure: true },
      );
      await stillServes();
    },
    LONG,
  );

  it(
    'answers random JSON-RPC frames, batches and garbage without a 5xx or a leak',
    async () => {
      await fc.assert(
        fc.asyncProperty(jsonRpcBody, async (body) => {
          expect(problems(await post(body))).toEqual([]);
        }),
        { seed: SEED, numRuns: 200, endOnFailure: true },
      );
      await stillServes();
    },
    LONG,
  );

  describe('malformed requests', () => {
    const cases: Array<[string, () => Promise<RawResponse>, number[]]> = [
      ['an oversized body', () => post(Buffer.alloc(2 * 1024 * 1024, 0x20)), [413]],
      [
        '10,000 levels of nested arrays',
        () => post(`${'['.repeat(10_000)}${']'.repeat(10_000)}`),
        [400],
      ],
      [
        '10,000 levels of nested objects in tool arguments',
        () =>
          post(toolCallText('list_courses', `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`, 3)),
        [200],
      ],
      [
        'invalid UTF-8 bytes',
        () =>
          post(
            Buffer.concat([
              Buffer.from(
                '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_courses","arguments":{"filter":"',
              ),
              Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82]),
              Buffer.from('"}}}'),
            ]),
          ),
        [200],
      ],
      [
        'a text/plain body',
        () => post(toolCallText('list_courses', '{}', 1), { 'content-type': 'text/plain' }),
        [415, 400],
      ],
      [
        'a multipart body',
        () =>
          post('--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n', {
            'content-type': 'multipart/form-data; boundary=x',
          }),
        [415, 400],
      ],
      ['an empty body', () => post(''), [400]],
      [
        'a batch of 10,000 messages',
        () =>
          post(
            JSON.stringify(
              Array.from({ length: 10_000 }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'ping' })),
            ),
          ),
        [200, 400, 413],
      ],
    ];

    it.each(cases)(
      'refuses or answers %s cleanly',
      async (_name, send, statuses) => {
        const res = await send();
        expect(problems(res)).toEqual([]);
        expect(statuses).toContain(res.status);
        await stillServes();
      },
      LONG,
    );
  });
});
