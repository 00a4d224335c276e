/**
 * Hostile input over stdio: the BUILT server gets fuzzed tool arguments and random
 * frames (JSON-RPC-ish, batches, deep nesting, garbage text) on stdin. It must keep
 * running, write nothing but JSON lines to stdout, refuse with stable codes, leak no
 * internals, and still answer an ordinary request afterwards.
 */
import { findUnstorableText } from '@lumen/domain';
import fc from 'fast-check';

import {
  STRING_TOOL_NAMES,
  TOOL_NAMES,
  hostileArguments,
  jsonRpcBody,
  leaks,
  messageProblems,
  toolArgumentsText,
  toolCallText,
} from '@lumen/mcp-hono/testing';
import { spawnRawStdio } from './testing/raw-stdio.js';
import type { RawStdioServer } from './testing/raw-stdio.js';
import { ensureBuilt, prepareEmbedded, preparePostgres } from './testing/stdio-harness.js';
import type { PreparedDatabase } from './testing/stdio-harness.js';

const SEED = 20_251_125;
const LONG = 120_000;

type Variant = [string, () => Promise<PreparedDatabase>];
const adminUrl = process.env['TEST_DATABASE_URL'];
const variants: Variant[] = [['embedded database', prepareEmbedded]];
if (adminUrl) variants.push(['PostgreSQL', () => preparePostgres(adminUrl)]);

function nonJsonLines(lines: readonly string[]): string[] {
  return lines.filter((line) => {
    try {
      JSON.parse(line);
      return false;
    } catch {
      return true;
    }
  });
}

describe.each(variants)('hostile input over stdio on the %s', (_name, prepare) => {
  let prepared: PreparedDatabase;
  let server: RawStdioServer;
  let nextId = 1_000_000;

  /** A ping and a real tool call still work, and stdout stayed pure JSON. */
  async function stillServes(): Promise<void> {
    const id = `probe-${(nextId += 1)}`;
    expect(await server.request(id, 'ping')).toMatchObject({ id, result: {} });
    const call = (await server.request((nextId += 1), 'tools/call', {
      name: 'list_courses',
      arguments: { limit: 1 },
    })) as {
      result: { isError?: boolean };
    };
    expect(call.result.isError).toBeFalsy();
    expect(server.child.exitCode).toBeNull();
    expect(nonJsonLines(server.stdoutLines)).toEqual([]);
  }

  beforeAll(async () => {
    ensureBuilt();
    prepared = await prepare();
    server = spawnRawStdio({
      ...prepared.env,
      // The instructor passes every role gate, so instructor tools' arguments are judged
      // too; ingest's url stays "not a url" unless poisoned, so nothing is fetched.
      LUMEN_MCP_AUTH_TOKEN: prepared.teacher.clientSecret,
    });
    await server.request(
      0,
      'initialize',
      {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'lumen-fuzz', version: '1.0.0' },
      },
      60_000,
    );
    await server.write('{"jsonrpc":"2.0","method":"notifications/initialized"}\n');
  }, LONG);
  afterAll(async () => {
    await server?.close();
    await prepared?.close();
  });

  it(
    "refuses every tool's hostile arguments with a stable code and leaks nothing",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc
            .constantFrom(...TOOL_NAMES)
            .chain((tool) => fc.tuple(fc.constant(tool), toolArgumentsText(tool))),
          async ([tool, args]) => {
            const id = (nextId += 1);
            const answer = await server.exchange(id, toolCallText(tool, args, id));
            const body = JSON.stringify(answer);
            const refusal = Boolean(
              (answer as { result?: { isError?: boolean }; error?: unknown }).result?.isError,
            );
            expect([...messageProblems(answer), ...leaks(body, refusal)]).toEqual([]);
          },
        ),
        { seed: SEED, numRuns: 150, endOnFailure: true },
      );
      await stillServes();
    },
    LONG,
  );

  it(
    'refuses NUL, lone surrogates and absurd cursors and ids in every string argument',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc
            .constantFrom(...STRING_TOOL_NAMES)
            .chain((tool) => fc.tuple(fc.constant(tool), hostileArguments(tool))),
          async ([tool, args]) => {
            const id = (nextId += 1);
            const answer = (await server.exchange(id, toolCallText(tool, args, id))) as {
              result?: { isError?: boolean; content?: Array<{ text?: string }> };
            };
            const body = JSON.stringify(answer);
            expect([...messageProblems(answer), ...leaks(body, true)]).toEqual([]);
            if (findUnstorableText(JSON.parse(args))) {
              expect(answer.result?.content?.[0]?.text).toMatch(
                /^mcp\.invalid_argument: .*must not contain/,
              );
            }
          },
        ),
        { seed: SEED, numRuns: 100, endOnFailure: true },
      );
      await stillServes();
    },
    LONG,
  );

  it(
    'survives random frames on stdin and never writes anything but JSON to stdout',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(jsonRpcBody, { minLength: 1, maxLength: 10 }), async (bodies) => {
          // Frames are newline-delimited; a body with its own newlines simply becomes several frames.
          await server.write(bodies.map((b) => `${b}\n`).join(''));
          const id = `probe-${(nextId += 1)}`;
          expect(await server.request(id, 'ping')).toMatchObject({ id });
          for (const line of server.stdoutLines) expect(leaks(line, false)).toEqual([]);
        }),
        { seed: SEED, numRuns: 60, endOnFailure: true },
      );
      await stillServes();
    },
    LONG,
  );

  it(
    'survives 10,000-deep nesting, invalid UTF-8 and a 2 MB line',
    async () => {
      await server.write(`${'['.repeat(10_000)}${']'.repeat(10_000)}\n`);
      await server.write(`${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}\n`);
      await server.write(
        Buffer.concat([
          Buffer.from('{"jsonrpc":"2.0","id":"utf","method":"ping"'),
          Buffer.from([0xff, 0xfe, 0xc3]),
          Buffer.from('}\n'),
        ]),
      );
      await server.write(
        `{"jsonrpc":"2.0","id":"big","method":"ping","params":{"pad":"${'x'.repeat(2 * 1024 * 1024)}"}}\n`,
      );
      await stillServes();
    },
    LONG,
  );

  it(
    'answers an 11 MB line with a JSON-RPC error and goes on serving',
    async () => {
      const pad = 'x'.repeat(11 * 1024 * 1024);
      // The SDK's clients write `id` last; others write it first. Both get their answer.
      for (const [id, line] of [
        [
          'huge-last',
          `{"jsonrpc":"2.0","method":"tools/list","params":{"pad":"${pad}"},"id":"huge-last"}`,
        ],
        [
          'huge-first',
          `{"jsonrpc":"2.0","id":"huge-first","method":"ping","params":{"pad":"${pad}"}}`,
        ],
      ] as const) {
        expect(await server.exchange(id, line, 60_000)).toEqual({
          jsonrpc: '2.0',
          id,
          error: {
            code: -32600,
            message: expect.stringMatching(/too large .*limit is 10485760 bytes/),
            data: { code: 'mcp.message_too_large', limitBytes: 10_485_760 },
          },
        });
      }
      const listed = (await server.request((nextId += 1), 'tools/list')) as {
        result: { tools: unknown[] };
      };
      expect(listed.result.tools.length).toBeGreaterThan(0);
      await stillServes();
    },
    LONG,
  );

  it(
    'answers a line that is not JSON with a parse error',
    async () => {
      const before = server.stdoutLines.length;
      await server.write('this is not json\n');
      await stillServes();
      expect(server.stdoutLines.slice(before).map((l) => JSON.parse(l) as unknown)).toContainEqual({
        jsonrpc: '2.0',
        id: null,
        error: { code: -32700, message: 'Parse error: the line is not valid JSON.' },
      });
    },
    LONG,
  );
});
