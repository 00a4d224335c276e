import { callFailure, callOk, runInspector } from '@lumen/mcp-hono/testing';
import {
  ensureBuilt,
  prepareEmbedded,
  preparePostgres,
  runCli,
  spawnStdioServer,
  STDIO_BIN,
} from './testing/stdio-harness.js';
import type { PreparedDatabase, SpawnedServer } from './testing/stdio-harness.js';
import { GUIDE_TOOL_NAMES, GUIDE_TOOL_ORDER } from '@lumen/mcp-hono/testing';

/** Defines nothing: for tests that run on one database variant only. */
const notHere = (() => undefined) as unknown as typeof it;

const SQL_COURSE = 'database-indexing-in-postgresql'; // the seeded learner is enrolled

type Variant = [string, () => Promise<PreparedDatabase>];
const adminUrl = process.env['TEST_DATABASE_URL'];
const variants: Variant[] = [['embedded database', prepareEmbedded]];
if (adminUrl) variants.push(['PostgreSQL', () => preparePostgres(adminUrl)]);

/** A refused credential: the tool result names the code, stderr a one-line fix. */
async function expectRefused(env: Record<string, string>, code: string): Promise<SpawnedServer> {
  const server = await spawnStdioServer(env);
  try {
    const { tools } = await server.client.listTools();
    expect(tools).toHaveLength(9);
    expect((await callFailure(server.client, 'list_courses')).code).toBe(code);
  } finally {
    await server.close();
  }
  return server;
}

beforeAll(() => ensureBuilt());

describe.each(variants)('lumen-mcp over stdio on the %s', (kind, prepare) => {
  let prepared: PreparedDatabase;
  beforeAll(async () => {
    prepared = await prepare();
  });
  afterAll(() => prepared?.close());

  describe('with a valid LUMEN_MCP_AUTH_TOKEN', () => {
    let server: SpawnedServer;
    beforeAll(async () => {
      server = await spawnStdioServer({
        ...prepared.env,
        LUMEN_MCP_AUTH_TOKEN: prepared.learner.clientSecret,
      });
    });
    afterAll(() => server?.close());

    it('lists exactly the nine tools', async () => {
      const { tools } = await server.client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(GUIDE_TOOL_NAMES);
    });

    it('answers a misspelt tool with mcp.tool.not_found and the real names', async () => {
      // The SDK client prefixes "MCP error -32602: " itself: the server's own message
      // starts with the stable code, so the prefix is not said twice.
      await expect(
        server.client.callTool({ name: 'list_course', arguments: {} }),
      ).rejects.toMatchObject({
        code: -32602,
        message: `MCP error -32602: mcp.tool.not_found: no tool named "list_course"; Lumen has ${GUIDE_TOOL_ORDER.join(', ')}`,
        data: { code: 'mcp.tool.not_found', retryable: false },
      });
    });

    it('answers every read tool and grades a due card', async () => {
      const { client } = server;
      const catalog = (await callOk(client, 'list_courses')) as { courses: unknown[] };
      expect(catalog.courses).toHaveLength(3);
      await expect(callOk(client, 'get_course', { slug: SQL_COURSE })).resolves.toMatchObject({
        course: { slug: SQL_COURSE },
      });
      const search = (await callOk(client, 'search_lesson_content', {
        course_slug: SQL_COURSE,
        query: 'B-tree',
      })) as {
        hits: unknown[];
      };
      expect(search.hits.length).toBeGreaterThan(0);
      await expect(
        callOk(client, 'ask_tutor', {
          course_slug: SQL_COURSE,
          question: 'When does an index help?',
        }),
      ).resolves.toHaveProperty('answer');
      const due = (await callOk(client, 'list_my_due_reviews', { limit: 100 })) as {
        cards: Array<{ cardId: string }>;
      };
      const card = due.cards[0]!;
      await expect(
        callOk(client, 'grade_review_card', { card_id: card.cardId, rating: 4 }),
      ).resolves.toMatchObject({
        cardId: card.cardId,
      });
      const after = (await callOk(client, 'list_my_due_reviews', { limit: 100 })) as {
        cards: Array<{ cardId: string }>;
      };
      expect(after.cards.map((c) => c.cardId)).not.toContain(card.cardId);
      const progress = (await callOk(client, 'list_my_progress')) as { courses: unknown[] };
      expect(progress.courses).toHaveLength(2);
    });

    it('checks a question that shares only a title word with the course before answering it', async () => {
      // "search" names a section of the course; the question is about flights. The
      // sentence model runs in the server's worker thread: the frames below still parse.
      const flights = (await callOk(server.client, 'ask_tutor', {
        course_slug: SQL_COURSE,
        question: 'How do I search for cheap flights to Spain?',
      })) as { covered: boolean; citations: unknown[] };
      expect(flights).toMatchObject({ covered: false, citations: [] });
      const learner = (await callOk(server.client, 'ask_tutor', {
        course_slug: SQL_COURSE,
        question: 'Why is my index not used?',
      })) as { covered: boolean; citations: unknown[] };
      expect(learner.covered).toBe(true);
      expect(learner.citations.length).toBeGreaterThan(0);
    });

    it('writes only JSON log lines to stderr, without the secret', () => {
      // Protocol frames were all parsed by the client above: stdout carried nothing else.
      expect(server.stderrLines.length).toBeGreaterThan(0);
      for (const line of server.stderrLines) {
        expect(JSON.parse(line)).toEqual(
          expect.objectContaining({ level: expect.any(String), msg: expect.any(String) }),
        );
        expect(line).not.toContain(prepared.learner.clientSecret);
      }
      expect(server.stderrLines.some((l) => l.includes('"msg":"tool.call"'))).toBe(true);
    });

    if (kind === 'embedded database') {
      it('lets the CLI use the data directory while it runs; a revoke reaches its next call', async () => {
        await callOk(server.client, 'list_my_progress');
        const listed = await runCli(['mcp-clients', 'list'], prepared.env);
        expect(listed).toMatchObject({ code: 0, stderr: '' });
        expect(listed.stdout).toContain(prepared.learner.clientId);
        const revoked = await runCli(
          ['mcp-clients', 'revoke', prepared.learner.clientId],
          prepared.env,
        );
        expect(revoked.code).toBe(0);
        expect((await callFailure(server.client, 'list_my_progress')).code).toBe(
          'mcp.client_revoked',
        );
      });
    } else {
      it('refuses the next call once the client is revoked mid-session', async () => {
        await callOk(server.client, 'list_my_progress');
        await prepared.registry!.revoke(prepared.learner.clientId, new Date());
        expect((await callFailure(server.client, 'list_my_progress')).code).toBe(
          'mcp.client_revoked',
        );
      });
    }
  });

  describe('with a missing, wrong or revoked token', () => {
    it('answers mcp.token_required and prints a one-line fix without a token', async () => {
      const server = await expectRefused(prepared.env, 'mcp.token_required');
      const hints = server.stderrLines.filter((l) => l.startsWith('lumen-mcp: mcp.token_required'));
      expect(hints).toHaveLength(1);
      expect(hints[0]).toContain('LUMEN_MCP_AUTH_TOKEN');
    });

    it('answers mcp.invalid_token for a secret that was never minted', async () => {
      const forged = `${prepared.learner.clientSecret.slice(0, -4)}AAAA`;
      const server = await expectRefused(
        { ...prepared.env, LUMEN_MCP_AUTH_TOKEN: forged },
        'mcp.invalid_token',
      );
      expect(server.stderrLines.join('\n')).not.toContain(forged);
    });

    it('answers mcp.client_revoked for a revoked client', async () => {
      await expectRefused(
        { ...prepared.env, LUMEN_MCP_AUTH_TOKEN: prepared.revoked.clientSecret },
        'mcp.client_revoked',
      );
    });
  });

  describe('through the MCP Inspector CLI', () => {
    // A transport check: once, on the first database, keeps the suite fast.
    // The other database simply does not define it (no skipped test in the report).
    const once = kind === variants[0]![0] ? it : notHere;
    once('lists and calls tools', async () => {
      const env = [
        '-e',
        `LUMEN_MCP_AUTH_TOKEN=${prepared.inspector.clientSecret}`,
        '-e',
        'LLM_PROVIDER=noop',
      ];
      for (const [key, value] of Object.entries(prepared.env)) env.push('-e', `${key}=${value}`);
      const target = [...env, process.execPath, STDIO_BIN];
      const listed = await runInspector([...target, '--method', 'tools/list']);
      expect(listed.code).toBe(0);
      expect(
        (listed.json as { tools: Array<{ name: string }> }).tools.map((t) => t.name).sort(),
      ).toEqual(GUIDE_TOOL_NAMES);
      const called = await runInspector([
        ...target,
        '--method',
        'tools/call',
        '--tool-name',
        'list_courses',
      ]);
      expect(called.code).toBe(0);
      expect(
        (called.json as { structuredContent: { courses: unknown[] } }).structuredContent.courses,
      ).toHaveLength(3);
    });
  });
});
