/**
 * Courses and lessons as resources, argument completion, the study prompts and the
 * resource links in tool results, through the SDK client against the BUILT servers
 * over both transports — `lumen-mcp` over stdio and the streamable HTTP server (whose
 * stateless transport answers tool calls on its fast path and everything else through
 * the SDK server) — on the embedded database and on PostgreSQL, and through the MCP
 * Inspector CLI on each transport.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createClientRegistry } from '@lumen/auth';
import type { MintResult } from '@lumen/auth';
import { createDb } from '@lumen/db';
import { copyMigratedDataDir, createScratchPostgres } from '@lumen/db/testing';
import { seedDemoData } from '@lumen/domain';
import {
  ensureHttpBuilt,
  GUIDE_TOOL_NAMES,
  runInspector,
  spawnHttpServer,
} from '@lumen/mcp-hono/testing';
import type { HttpProcess } from '@lumen/mcp-hono/testing';
import { ClientCredentialsProvider } from '@modelcontextprotocol/sdk/client/auth-extensions.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult, GetPromptResult } from '@modelcontextprotocol/sdk/types.js';

import { ensureBuilt, spawnStdioServer, STDIO_BIN } from './testing/stdio-harness.js';

const SQL = 'database-indexing-in-postgresql'; // learner enrolled, first lesson completed
const DRAFT = 'orbital-mechanics-for-beginners'; // teacher@lumen.test's draft
const CHEAP_ARGON2 = { memoryKiB: 256, iterations: 1, parallelism: 1 };
const JWT_SECRET = 'resources-prompts-e2e-secret-0123456789abcdef';
const notHere = (() => undefined) as unknown as typeof it;

interface Prepared {
  env: Record<string, string>;
  learner: MintResult;
  /** An instructor who does not own the seeded draft. */
  otherTeacher: MintResult;
  close(): Promise<void>;
}

/** Seeds the database, adds a second instructor, mints clients; closes it before servers start. */
async function prepare(target: { dataDir: string } | { url: string }): Promise<Prepared> {
  const db = await createDb(target);
  try {
    await seedDemoData(db, new Date());
    await db.prisma.user.create({
      data: { email: 'other-teacher@lumen.test', displayName: 'Olga Other', role: 'instructor' },
    });
    const registry = createClientRegistry({ db, hashParams: CHEAP_ARGON2 });
    const learner = await registry.mint({
      ownerEmail: 'learner@lumen.test',
      name: 'e2e',
      scopes: '*',
    });
    const otherTeacher = await registry.mint({
      ownerEmail: 'other-teacher@lumen.test',
      name: 'e2e other',
      scopes: '*',
    });
    return { env: {}, learner, otherTeacher, close: async () => undefined };
  } finally {
    await db.close();
  }
}

type Variant = [string, () => Promise<Prepared>];
const variants: Variant[] = [
  [
    'embedded database',
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'lumen-resources-e2e-'));
      await copyMigratedDataDir(dataDir);
      const prepared = await prepare({ dataDir });
      return {
        ...prepared,
        env: { LUMEN_DATA_DIR: dataDir },
        close: async () => rmSync(dataDir, { recursive: true, force: true }),
      };
    },
  ],
];
const adminUrl = process.env['TEST_DATABASE_URL'];
if (adminUrl) {
  variants.push([
    'PostgreSQL',
    async () => {
      const scratch = await createScratchPostgres(adminUrl, { migrated: true });
      const prepared = await prepare({ url: scratch.url });
      return { ...prepared, env: { DATABASE_URL: scratch.url }, close: scratch.drop };
    },
  ]);
}

/** One connected client per caller, and how the Inspector CLI reaches the same server. */
interface Connection {
  learner: Client;
  otherTeacher: Client;
  inspectorTarget: string[];
  close(): Promise<void>;
}

async function connectStdio(prepared: Prepared): Promise<Connection> {
  const env = { ...prepared.env, JWT_SECRET };
  const learner = await spawnStdioServer({
    ...env,
    LUMEN_MCP_AUTH_TOKEN: prepared.learner.clientSecret,
  });
  const other = await spawnStdioServer({
    ...env,
    LUMEN_MCP_AUTH_TOKEN: prepared.otherTeacher.clientSecret,
  });
  const inspectorEnv = [
    '-e',
    `LUMEN_MCP_AUTH_TOKEN=${prepared.learner.clientSecret}`,
    '-e',
    'LLM_PROVIDER=noop',
  ];
  for (const [key, value] of Object.entries(env)) inspectorEnv.push('-e', `${key}=${value}`);
  return {
    learner: learner.client,
    otherTeacher: other.client,
    inspectorTarget: [...inspectorEnv, process.execPath, STDIO_BIN],
    close: async () => {
      await learner.close();
      await other.close();
    },
  };
}

async function httpClient(server: HttpProcess, credentials: MintResult): Promise<Client> {
  const authProvider = new ClientCredentialsProvider({
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    expectedIssuer: server.baseUrl,
  });
  const client = new Client({ name: 'lumen-resources-e2e', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(server.mcpUrl), { authProvider }));
  return client;
}

async function accessToken(server: HttpProcess, credentials: MintResult): Promise<string> {
  const res = await fetch(`${server.baseUrl}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
    }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

let httpServer: HttpProcess | undefined;
let httpToken = '';

async function connectHttp(prepared: Prepared): Promise<Connection> {
  httpServer = await spawnHttpServer({ ...prepared.env, JWT_SECRET });
  const server = httpServer;
  httpToken = await accessToken(server, prepared.learner);
  return {
    learner: await httpClient(server, prepared.learner),
    otherTeacher: await httpClient(server, prepared.otherTeacher),
    inspectorTarget: [
      server.mcpUrl,
      '--transport',
      'http',
      '--header',
      `Authorization: Bearer ${httpToken}`,
    ],
    close: async () => {
      await server.kill();
      httpServer = undefined;
    },
  };
}

/** The JSON-RPC error a request was refused with. */
async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    const e = error as { code: number; data?: { code?: string } };
    return { code: e.code, mcpCode: e.data?.code };
  }
  throw new Error('expected the request to be refused');
}

const textOf = (contents: ReadonlyArray<object>) =>
  String((contents[0] as { text?: unknown } | undefined)?.text ?? '');
const promptTexts = (r: GetPromptResult) =>
  r.messages.map((m) => (m.content.type === 'text' ? m.content.text : m.content.type)).join('\n');

beforeAll(() => {
  ensureBuilt();
  ensureHttpBuilt();
});

const transports: Array<[string, (p: Prepared) => Promise<Connection>]> = [
  ['stdio', connectStdio],
  ['streamable HTTP', connectHttp],
];

describe.each(variants)('resources, completions and prompts on the %s', (kind, open) => {
  let prepared: Prepared;
  // Seeding a file-backed embedded database (lessons chunked and indexed) is the slow
  // part on a busy machine.
  beforeAll(async () => {
    prepared = await open();
  }, 180_000);
  afterAll(() => prepared?.close());

  describe.each(transports)('over %s', (transport, connect) => {
    let c: Connection;
    beforeAll(async () => {
      c = await connect(prepared);
    }, 120_000);
    afterAll(() => c?.close());

    it('still lists exactly the nine tools, and declares resources, prompts and completions', async () => {
      const { tools } = await c.learner.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(GUIDE_TOOL_NAMES);
      expect(c.learner.getServerCapabilities()).toMatchObject({
        resources: { subscribe: false, listChanged: false },
        prompts: { listChanged: false },
        completions: {},
      });
    });

    it('lists templates and resources, and reads a syllabus and a lesson of the listed size', async () => {
      const { resourceTemplates } = await c.learner.listResourceTemplates();
      expect(resourceTemplates.map((t) => [t.uriTemplate, t.mimeType])).toEqual([
        ['lumen://courses/{slug}', 'text/markdown'],
        ['lumen://courses/{slug}/lessons/{lesson}', 'text/markdown'],
      ]);
      const { resources } = await c.learner.listResources();
      const course = resources.find((r) => r.uri === `lumen://courses/${SQL}`)!;
      const lesson = resources.find((r) => r.uri.startsWith(`lumen://courses/${SQL}/lessons/`))!;
      expect(resources.some((r) => r.uri.includes(DRAFT))).toBe(false);
      const syllabus = textOf((await c.learner.readResource({ uri: course.uri })).contents);
      expect(Buffer.byteLength(syllabus)).toBe(course.size);
      expect(syllabus).toMatch(/^- \[x\] \[/m); // the learner's completed first lesson
      const text = textOf((await c.learner.readResource({ uri: lesson.uri })).contents);
      expect(Buffer.byteLength(text)).toBe(lesson.size);
      expect(text.startsWith(`# ${lesson.title!.split(' — ')[0]}`)).toBe(true);
    });

    it("refuses another instructor's draft as resource-not-found, like an unknown course", async () => {
      for (const uri of [
        `lumen://courses/${DRAFT}`,
        `lumen://courses/${DRAFT}/lessons/keplers-laws`,
      ]) {
        expect(await refusal(c.otherTeacher.readResource({ uri }))).toEqual({
          code: -32002,
          mcpCode: 'mcp.course.not_found',
        });
      }
      expect(await refusal(c.otherTeacher.readResource({ uri: 'lumen://courses/nope' }))).toEqual({
        code: -32002,
        mcpCode: 'mcp.course.not_found',
      });
      expect(
        await refusal(
          c.otherTeacher.getPrompt({ name: 'study_session', arguments: { course_slug: DRAFT } }),
        ),
      ).toEqual({ code: -32602, mcpCode: 'mcp.course.not_found' });
    });

    it('completes course and lesson slugs', async () => {
      const courses = await c.learner.complete({
        ref: { type: 'ref/resource', uri: 'lumen://courses/{slug}' },
        argument: { name: 'slug', value: 'd' },
      });
      expect(courses.completion.values).toEqual([SQL]);
      const lessons = await c.learner.complete({
        ref: { type: 'ref/prompt', name: 'explain_lesson' },
        argument: { name: 'lesson', value: '' },
        context: { arguments: { course_slug: SQL } },
      });
      expect(lessons.completion.values.length).toBeGreaterThan(1);
      expect(
        (
          await c.otherTeacher.complete({
            ref: { type: 'ref/resource', uri: 'lumen://courses/{slug}' },
            argument: { name: 'slug', value: 'orb' },
          })
        ).completion.values,
      ).toEqual([]);
    });

    it('gets each prompt', async () => {
      const lesson = (
        await c.learner.complete({
          ref: { type: 'ref/prompt', name: 'quiz_me' },
          argument: { name: 'lesson', value: '' },
          context: { arguments: { course_slug: SQL } },
        })
      ).completion.values[0]!;
      const study = await c.learner.getPrompt({
        name: 'study_session',
        arguments: { course_slug: SQL },
      });
      expect(promptTexts(study)).toMatch(
        /list_my_due_reviews[\s\S]+grade_review_card[\s\S]+get_course/,
      );
      const quiz = await c.learner.getPrompt({
        name: 'quiz_me',
        arguments: { course_slug: SQL, lesson },
      });
      expect(promptTexts(quiz)).toContain('card_id: ');
      expect(quiz.messages[0]!.content).toMatchObject({
        type: 'resource',
        resource: { uri: `lumen://courses/${SQL}/lessons/${lesson}` },
      });
      const explain = await c.learner.getPrompt({
        name: 'explain_lesson',
        arguments: { course_slug: SQL, lesson },
      });
      expect(promptTexts(explain)).toContain(`lumen://courses/${SQL}/lessons/${lesson}`);
    });

    it('links the cited lessons in search and tutor results', async () => {
      for (const [name, args] of [
        ['search_lesson_content', { course_slug: SQL, query: 'B-tree index' }],
        ['ask_tutor', { course_slug: SQL, question: 'What is a B-tree index good for?' }],
      ] as const) {
        const result = (await c.learner.callTool({ name, arguments: args })) as CallToolResult;
        expect(result.isError).toBeFalsy();
        const links = result.content.filter((item) => item.type === 'resource_link');
        expect(links.length).toBeGreaterThan(0);
        for (const link of links) {
          expect(link.uri).toMatch(new RegExp(`^lumen://courses/${SQL}/lessons/`));
          await expect(c.learner.readResource({ uri: link.uri })).resolves.toBeDefined();
        }
      }
    });

    const httpOnly = transport === 'streamable HTTP' ? it : notHere;
    httpOnly(
      'answers a batch of a tool call and a resource read in one stateless POST',
      async () => {
        const res = await fetch(httpServer!.mcpUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            authorization: `Bearer ${httpToken}`,
          },
          body: JSON.stringify([
            {
              jsonrpc: '2.0',
              id: 1,
              method: 'tools/call',
              params: { name: 'get_course', arguments: { slug: SQL } },
            },
            {
              jsonrpc: '2.0',
              id: 2,
              method: 'resources/read',
              params: { uri: `lumen://courses/${SQL}` },
            },
            { jsonrpc: '2.0', id: 3, method: 'prompts/list' },
          ]),
        });
        expect(res.status).toBe(200);
        expect(res.headers.get('mcp-session-id')).toBeNull();
        const answers = (await res.json()) as Array<{
          id: number;
          result: Record<string, unknown>;
        }>;
        expect(answers.map((a) => a.id)).toEqual([1, 2, 3]);
        expect(answers[0]!.result).toMatchObject({ structuredContent: { course: { slug: SQL } } });
        expect(answers[1]!.result).toMatchObject({ contents: [{ uri: `lumen://courses/${SQL}` }] });
        expect((answers[2]!.result['prompts'] as unknown[]).length).toBe(3);
      },
    );

    // The Inspector runs once per transport, on the first database.
    const once = kind === variants[0]![0] ? it : notHere;
    // (Inspector 2.12's CLI has a prompts/complete method but does not accept the options it
    // needs, so completion is checked through the SDK client above.)
    once('serves resources and prompts to the MCP Inspector CLI', async () => {
      const run = (...args: string[]) => runInspector([...c.inspectorTarget, ...args], 60_000);
      const templates = await run('--method', 'resources/templates/list');
      expect(templates.code).toBe(0);
      expect((templates.json as { resourceTemplates: unknown[] }).resourceTemplates).toHaveLength(
        2,
      );
      const listed = await run('--method', 'resources/list');
      expect(listed.code).toBe(0);
      expect(
        (listed.json as { resources: Array<{ uri: string }> }).resources.map((r) => r.uri),
      ).toContain(`lumen://courses/${SQL}`);
      const read = await run('--method', 'resources/read', '--uri', `lumen://courses/${SQL}`);
      expect(read.code).toBe(0);
      expect(JSON.stringify(read.json)).toContain('[x]');
      const prompts = await run('--method', 'prompts/list');
      expect(
        (prompts.json as { prompts: Array<{ name: string }> }).prompts.map((p) => p.name),
      ).toEqual(['study_session', 'quiz_me', 'explain_lesson']);
      const study = await run(
        '--method',
        'prompts/get',
        '--prompt-name',
        'study_session',
        '--prompt-args',
        `course_slug=${SQL}`,
      );
      expect(study.code).toBe(0);
      expect(JSON.stringify(study.json)).toContain('list_my_due_reviews');
    });
  });
});
