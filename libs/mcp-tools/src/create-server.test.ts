import type { Principal } from '@lumen/auth';
import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';
import { seedDemoData } from '@lumen/domain';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

import { createLumenServerFactory } from './create-server.js';
import type { ToolCallEvent } from './create-server.js';
import type { LumenServices } from './services.js';
import { realServices } from './testing/real-services.js';

const NINE = [
  'list_courses',
  'get_course',
  'search_lesson_content',
  'ask_tutor',
  'list_my_due_reviews',
  'grade_review_card',
  'list_my_progress',
  'create_course_draft',
  'ingest_url_to_draft',
];

const text = (r: CallToolResult) => (r.content[0] as { text: string }).text;

describe.each(testDatabases())('Lumen MCP server on %s', (_kind, open) => {
  let db: Db;
  let principal: Principal;
  const events: ToolCallEvent[] = [];
  let client: Client;

  async function connect(): Promise<Client> {
    const factory = createLumenServerFactory({
      services: realServices(db),
      resolvePrincipal: async () => principal,
      onToolCall: (e) => events.push(e),
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await factory().connect(serverSide);
    const c = new Client({ name: 'test', version: '1' });
    await c.connect(clientSide);
    return c;
  }

  async function as(email: string, scopes: string[] = ['*']): Promise<void> {
    const user = await db.prisma.user.findUniqueOrThrow({ where: { email } });
    principal = { userId: user.id, email, role: user.role, clientId: 'lmc_test', scopes };
  }

  beforeAll(async () => {
    db = await open();
    await seedDemoData(db, new Date());
    await as('learner@lumen.test');
    client = await connect();
  });
  afterAll(async () => {
    await client.close();
    await db.close();
  });

  it('lists exactly the nine tools, each with schemas and honest annotations', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(NINE);
    for (const tool of tools) {
      expect(tool.title).toBeTruthy();
      expect(tool.description!.length).toBeGreaterThan(60);
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.outputSchema?.type).toBe('object');
      expect(tool.annotations).toMatchObject({
        readOnlyHint: expect.any(Boolean),
        destructiveHint: false,
        idempotentHint: expect.any(Boolean),
        openWorldHint: expect.any(Boolean),
      });
    }
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    expect(byName['grade_review_card']!.annotations!.readOnlyHint).toBe(false);
    expect(byName['list_courses']!.annotations!.readOnlyHint).toBe(true);
  });

  it('returns structuredContent and the same JSON as text', async () => {
    const result = (await client.callTool({
      name: 'list_courses',
      arguments: { limit: 2 },
    })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(JSON.parse(text(result))).toEqual(result.structuredContent);
    const page = result.structuredContent as { courses: unknown[]; nextCursor: string | null };
    expect(page.courses).toHaveLength(2);
    expect(page.nextCursor).not.toBeNull();
  });

  it('applies the scope gate before the role gate', async () => {
    await as('learner@lumen.test', ['list_courses']);
    const denied = (await client.callTool({
      name: 'create_course_draft',
      arguments: { brief: 'x' },
    })) as CallToolResult;
    expect(denied.isError).toBe(true);
    expect(text(denied)).toMatch(/^mcp\.scope\.denied: /);
    await as('learner@lumen.test', ['*']);
    const role = (await client.callTool({
      name: 'create_course_draft',
      arguments: { brief: 'x' },
    })) as CallToolResult;
    expect(text(role)).toMatch(/^mcp\.role\.denied: /);
  });

  it('turns service refusals into isError results whose text starts with the code', async () => {
    await as('admin@lumen.test');
    const notEnrolled = (await client.callTool({
      name: 'ask_tutor',
      arguments: { course_slug: 'foundations-of-western-harmony', question: 'What is a cadence?' },
    })) as CallToolResult;
    // Admins may ask any course's tutor.
    expect(notEnrolled.isError).toBeFalsy();
    await as('learner@lumen.test');
    const refused = (await client.callTool({
      name: 'ask_tutor',
      arguments: { course_slug: 'foundations-of-western-harmony', question: 'What is a cadence?' },
    })) as CallToolResult;
    expect(text(refused)).toMatch(/^mcp\.tutor\.not_enrolled: /);
    const missing = (await client.callTool({
      name: 'get_course',
      arguments: { slug: 'no-such-course' },
    })) as CallToolResult;
    expect(text(missing)).toMatch(/^mcp\.course\.not_found: /);
  });

  it('maps argument errors to the guide codes', async () => {
    const rating = (await client.callTool({
      name: 'grade_review_card',
      arguments: { card_id: 'x', rating: 9 },
    })) as CallToolResult;
    expect(text(rating)).toBe(
      'mcp.review.invalid_rating: Invalid arguments for grade_review_card: rating must be at most 4',
    );
    const long = (await client.callTool({
      name: 'search_lesson_content',
      arguments: { course_slug: 'how-cells-make-energy', query: 'a'.repeat(1001) },
    })) as CallToolResult;
    expect(text(long)).toBe(
      'mcp.search.query_too_long: Invalid arguments for search_lesson_content: query must be at most 1000 characters long',
    );
    const shape = (await client.callTool({
      name: 'list_courses',
      arguments: { limit: 'ten' },
    })) as CallToolResult;
    expect(text(shape)).toBe(
      'mcp.invalid_argument: Invalid arguments for list_courses: limit must be a number, not a string',
    );
    const several = (await client.callTool({
      name: 'grade_review_card',
      arguments: { rating: 2.5 },
    })) as CallToolResult;
    expect(text(several)).toBe(
      'mcp.review.invalid_rating: Invalid arguments for grade_review_card: card_id is required; rating must be a whole number, not a fraction',
    );
    // One line, none of zod's terminal markers.
    for (const r of [rating, long, shape, several]) expect(text(r)).not.toMatch(/[\n✖→]|\s{2}/);
  });

  it('answers an unknown tool with a JSON-RPC error', async () => {
    await expect(client.callTool({ name: 'drop_tables', arguments: {} })).rejects.toThrow(
      /mcp\.tool\.not_found: no tool named "drop_tables"/,
    );
  });

  it('grades a due card and the queue and progress reflect it', async () => {
    const due = (await client.callTool({
      name: 'list_my_due_reviews',
      arguments: { limit: 100 },
    })) as CallToolResult;
    const cards = (due.structuredContent as { cards: Array<{ cardId: string }> }).cards;
    expect(cards.length).toBeGreaterThan(0);
    const graded = (await client.callTool({
      name: 'grade_review_card',
      arguments: { card_id: cards[0]!.cardId, rating: 4 },
    })) as CallToolResult;
    expect(graded.isError).toBeFalsy();
    expect(new Date((graded.structuredContent as { due: string }).due).getTime()).toBeGreaterThan(
      Date.now(),
    );
    const after = (await client.callTool({
      name: 'list_my_due_reviews',
      arguments: { limit: 100 },
    })) as CallToolResult;
    const ids = (after.structuredContent as { cards: Array<{ cardId: string }> }).cards.map(
      (c) => c.cardId,
    );
    expect(ids).not.toContain(cards[0]!.cardId);
  });

  it('reports every call with its outcome code and no arguments', () => {
    expect(events.length).toBeGreaterThan(5);
    expect(
      events.some((e) => e.outcome === 'mcp.scope.denied' && e.tool === 'create_course_draft'),
    ).toBe(true);
    for (const e of events)
      expect(Object.keys(e).sort()).toEqual([
        'clientId',
        'durationMs',
        'outcome',
        'tool',
        'userId',
      ]);
  });

  it('never leaks internals when a service throws unexpectedly', async () => {
    const factory = createLumenServerFactory({
      services: {
        ...realServices(db),
        progress: {
          myProgress: async () => {
            throw new Error('relation "secret_table" does not exist');
          },
        },
      } as unknown as LumenServices,
      resolvePrincipal: async () => principal,
    });
    const [c, s] = InMemoryTransport.createLinkedPair();
    await factory().connect(s);
    const other = new Client({ name: 't', version: '1' });
    await other.connect(c);
    const result = (await other.callTool({
      name: 'list_my_progress',
      arguments: {},
    })) as CallToolResult;
    expect(text(result)).toMatch(/^mcp\.internal: /);
    expect(text(result)).not.toContain('secret_table');
    await other.close();
  });
});
