/**
 * Issue 17 item 4: a NUL or an unpaired surrogate in any string argument of any tool is
 * refused with mcp.invalid_argument naming the argument, on both databases, before a
 * service runs. The arguments are read from tools/list, so a string argument added
 * later is covered without editing this file.
 */
import type { Principal } from '@lumen/auth';
import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';
import { seedDemoData } from '@lumen/domain';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

import { createLumenServerFactory } from './create-server.js';
import { realServices } from './testing/real-services.js';

/** Schema-valid values for every required argument, so only the poisoned one is wrong. */
const VALID: Record<string, Record<string, unknown>> = {
  get_course: { slug: 'how-cells-make-energy' },
  search_lesson_content: { course_slug: 'how-cells-make-energy', query: 'ATP' },
  ask_tutor: { course_slug: 'how-cells-make-energy', question: 'What is ATP?' },
  grade_review_card: { card_id: '00000000-0000-4000-8000-000000000000', rating: 3 },
  create_course_draft: { brief: 'Tides and the moon' },
  ingest_url_to_draft: { url: 'https://example.com/' },
};

const HOSTILE: Array<[string, (s: string) => string, RegExp]> = [
  ['a NUL', (s) => `${s}\u0000`, /must not contain NUL \(U\+0000\) characters/],
  ['a lone high surrogate', (s) => `\ud800${s}`, /must not contain unpaired UTF-16 surrogates/],
  ['a lone low surrogate', (s) => `${s}\udfff`, /must not contain unpaired UTF-16 surrogates/],
];

const text = (r: CallToolResult) => (r.content[0] as { text: string }).text;

describe.each(testDatabases())('string arguments on %s', (_kind, open) => {
  let db: Db;
  let client: Client;
  let stringArguments: Array<[string, string]>;

  beforeAll(async () => {
    db = await open();
    await seedDemoData(db, new Date());
    const teacher = await db.prisma.user.findUniqueOrThrow({
      where: { email: 'teacher@lumen.test' },
    });
    const principal: Principal = {
      userId: teacher.id,
      email: teacher.email,
      role: teacher.role,
      clientId: 'lmc_test',
      scopes: ['*'],
    };
    const factory = createLumenServerFactory({
      services: realServices(db),
      resolvePrincipal: async () => principal,
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await factory().connect(serverSide);
    client = new Client({ name: 'test', version: '1' });
    await client.connect(clientSide);
    const { tools } = await client.listTools();
    stringArguments = tools.flatMap((t) =>
      Object.entries((t.inputSchema.properties ?? {}) as Record<string, { type?: string }>).flatMap(
        ([name, schema]) => (schema.type === 'string' ? [[t.name, name] as const] : []),
      ),
    ) as Array<[string, string]>;
  });
  afterAll(async () => {
    await client.close();
    await db.close();
  });

  it('finds the string arguments the issue lists in the tool schemas', () => {
    expect(stringArguments).toEqual(
      expect.arrayContaining([
        ['list_courses', 'filter'],
        ['list_courses', 'cursor'],
        ['get_course', 'slug'],
        ['search_lesson_content', 'course_slug'],
        ['search_lesson_content', 'query'],
        ['ask_tutor', 'course_slug'],
        ['ask_tutor', 'question'],
        ['grade_review_card', 'card_id'],
        ['create_course_draft', 'brief'],
        ['create_course_draft', 'subject_slug'],
        ['ingest_url_to_draft', 'url'],
        ['ingest_url_to_draft', 'course_id'],
      ]),
    );
  });

  it.each(HOSTILE)(
    'refuses %s in every string argument with mcp.invalid_argument naming it',
    async (_what, poison, why) => {
      const coursesBefore = await db.prisma.course.count();
      for (const [tool, argument] of stringArguments) {
        const valid = VALID[tool] ?? {};
        const base = typeof valid[argument] === 'string' ? (valid[argument] as string) : 'x';
        const result = (await client.callTool({
          name: tool,
          arguments: { ...valid, [argument]: poison(base) },
        })) as CallToolResult;
        expect({ tool, argument, isError: result.isError }).toEqual({
          tool,
          argument,
          isError: true,
        });
        expect(text(result)).toMatch(new RegExp(`^mcp\\.invalid_argument: .*\\b${argument} `));
        expect(text(result)).toMatch(why);
        expect(result._meta?.['lumen/error']).toEqual({
          code: 'mcp.invalid_argument',
          retryable: false,
        });
      }
      // Nothing was written on the way to the refusal (create_course_draft, ingest).
      expect(await db.prisma.course.count()).toBe(coursesBefore);
    },
  );

  it('keeps the code even where the tool maps its other argument errors more precisely', async () => {
    const long = (await client.callTool({
      name: 'search_lesson_content',
      arguments: { course_slug: 'how-cells-make-energy', query: `${'q'.repeat(1_001)}\u0000` },
    })) as CallToolResult;
    expect(text(long)).toMatch(/^mcp\.invalid_argument: .*query must not contain NUL/);
    const brief = (await client.callTool({
      name: 'create_course_draft',
      arguments: { brief: '\u0000' },
    })) as CallToolResult;
    expect(text(brief)).toMatch(/^mcp\.invalid_argument: .*brief must not contain NUL/);
    // Without the NUL the tool's own codes still apply.
    const tooLong = (await client.callTool({
      name: 'search_lesson_content',
      arguments: { course_slug: 'how-cells-make-energy', query: 'q'.repeat(1_001) },
    })) as CallToolResult;
    expect(text(tooLong)).toMatch(/^mcp\.search\.query_too_long: /);
  });

  it('still accepts paired surrogates (emoji) and other unusual but storable text', async () => {
    const result = (await client.callTool({
      name: 'list_courses',
      arguments: { filter: 'cells 😀 \u202e\t' },
    })) as CallToolResult;
    expect(result.isError).toBeFalsy();
  });
});
