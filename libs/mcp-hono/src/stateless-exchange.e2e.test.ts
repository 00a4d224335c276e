/**
 * /mcp serves every request with one long-lived MCP server (stateless-transport.ts).
 * These tests pin what that must not change for clients: answers never cross between
 * callers, ids come back as sent, batches and notifications keep their HTTP shape, and
 * a caller who leaves (hangs up, or sends notifications/cancelled) stops its work.
 */
import { request } from 'node:http';

import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';
import { seedDemoData } from '@lumen/domain';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';

import { fetchAccessToken, startTestHttpServer } from './testing/http-harness.js';
import type { TestHttpServer } from './testing/http-harness.js';
import { connectHttpClient } from './testing/mcp-client.js';
import { mcpHeaders, rawRequest } from './testing/raw-request.js';
import { startStallingSite } from './testing/stalling-site.js';

const call = (id: unknown, name: string, args: Record<string, unknown> = {}) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name, arguments: args },
});

/** Rejects when `promise` has not settled within `ms` (well inside ingest's own 15 s fetch timeout). */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

type RpcAnswer = {
  id: unknown;
  result?: { structuredContent?: unknown; isError?: boolean };
  error?: unknown;
};

describe.each(testDatabases())('one MCP server for every request, on %s', (_kind, open) => {
  let db: Db;
  let server: TestHttpServer;
  let learnerToken: string;
  let teacherToken: string;
  let teacherCredentials: Awaited<ReturnType<TestHttpServer['mint']>>;
  const post = (token: string, body: unknown) =>
    rawRequest(server.baseUrl, {
      path: '/mcp',
      headers: mcpHeaders(token),
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    db = await open();
    await seedDemoData(db, new Date());
    server = await startTestHttpServer(db, { LUMEN_INGEST_ALLOW_HOSTS: '127.0.0.1' });
    learnerToken = await fetchAccessToken(
      server.baseUrl,
      await server.mint('learner@lumen.test', '*'),
    );
    teacherCredentials = await server.mint('teacher@lumen.test', '*');
    teacherToken = await fetchAccessToken(server.baseUrl, teacherCredentials);
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it('never gives one caller the answer meant for another, though both use id 1', async () => {
    const single = async (token: string) =>
      ((await post(token, call(1, 'list_my_progress'))).json as RpcAnswer).result
        ?.structuredContent;
    const expected = { learner: await single(learnerToken), teacher: await single(teacherToken) };
    expect(expected.learner).not.toEqual(expected.teacher);

    const who = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 'learner' : 'teacher'));
    const answers = await Promise.all(
      who.map((w) =>
        post(w === 'learner' ? learnerToken : teacherToken, call(1, 'list_my_progress')),
      ),
    );
    answers.forEach((answer, i) => {
      expect(answer.status).toBe(200);
      const json = answer.json as RpcAnswer;
      expect(json.id).toBe(1);
      expect(json.result?.structuredContent).toEqual(expected[who[i] as 'learner' | 'teacher']);
    });
  });

  it('answers a batch with an array in the order sent, each with its own id', async () => {
    const res = await post(learnerToken, [
      { jsonrpc: '2.0', id: 'list', method: 'tools/list' },
      call(7, 'list_courses', { limit: 1 }),
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 'ping-1', method: 'ping' },
    ]);
    expect(res.status).toBe(200);
    const answers = res.json as RpcAnswer[];
    expect(answers.map((a) => a.id)).toEqual(['list', 7, 'ping-1']);
    expect(answers[1]?.result?.isError).toBeUndefined();
  });

  it('answers tool calls with exactly the JSON a plain serialisation gives, in JSON, batches and streams', async () => {
    const canonical = (text: string) => JSON.stringify(JSON.parse(text));
    const textMatchesStructured = (answer: RpcAnswer) => {
      const result = answer.result as {
        content: Array<{ type: string; text?: string }>;
        structuredContent: unknown;
      };
      expect(result.content[0]?.text).toBe(JSON.stringify(result.structuredContent));
    };
    const single = await post(learnerToken, call('due', 'list_my_due_reviews', { limit: 5 }));
    expect(single.headers['content-type']).toBe('application/json');
    expect(single.body).toBe(canonical(single.body));
    textMatchesStructured(single.json as RpcAnswer);
    expect(
      ((single.json as RpcAnswer).result?.structuredContent as { cards: [] }).cards,
    ).not.toEqual([]);

    const batch = await post(learnerToken, [
      call(1, 'get_course', { slug: 'how-cells-make-energy' }),
      call(2, 'get_course', { slug: 'no-such-course' }),
      { jsonrpc: '2.0', id: 3, method: 'ping' },
    ]);
    expect(batch.body).toBe(canonical(batch.body));
    const answers = batch.json as RpcAnswer[];
    expect(answers.map((a) => a.id)).toEqual([1, 2, 3]);
    textMatchesStructured(answers[0]!);
    expect(answers[1]?.result?.isError).toBe(true);

    const streamed = await post(learnerToken, {
      ...call(9, 'list_my_progress'),
      params: { name: 'list_my_progress', arguments: {}, _meta: { progressToken: 'p' } },
    });
    const data = streamed.body
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => line.slice('data: '.length));
    expect(data.length).toBeGreaterThan(0);
    for (const event of data) expect(event).toBe(canonical(event));
    textMatchesStructured(JSON.parse(data[data.length - 1]!) as RpcAnswer);
  });

  it('accepts notifications alone with 202 and no body', async () => {
    const res = await post(learnerToken, { jsonrpc: '2.0', method: 'notifications/initialized' });
    expect(res.status).toBe(202);
    expect(res.body).toBe('');
  });

  it('refuses an oversized body sent without a length (chunked) with 413', async () => {
    const limit = server.config.http.maxBodyBytes;
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(server.mcpUrl);
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          agent: false,
          headers: { ...mcpHeaders(learnerToken), 'transfer-encoding': 'chunked' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
      });
      const piece = Buffer.alloc(64 * 1024, 0x20);
      for (let sent = 0; sent <= limit; sent += piece.length) req.write(piece);
      req.end();
    });
    expect(status).toBe(413);
  });

  it('stops a call whose client hung up: the ingest lets go of the page it was fetching', async () => {
    const site = await startStallingSite('stall');
    try {
      const aborter = new AbortController();
      const pending = fetch(server.mcpUrl, {
        method: 'POST',
        headers: mcpHeaders(teacherToken),
        body: JSON.stringify(call(1, 'ingest_url_to_draft', { url: site.url })),
        signal: aborter.signal,
      }).catch(() => 'aborted');
      await site.served;
      aborter.abort();
      expect(await pending).toBe('aborted');
      // The server's fetch of the page is aborted with the call.
      await within(site.abandoned, 3_000, 'the server letting go of the page');
    } finally {
      await site.close();
    }
  });

  it("stops a call the client cancels with notifications/cancelled (the SDK's abort)", async () => {
    const site = await startStallingSite('stall');
    let client: Client | undefined;
    try {
      client = (await connectHttpClient(server, teacherCredentials)).client;
      const aborter = new AbortController();
      const pending = client
        .callTool({ name: 'ingest_url_to_draft', arguments: { url: site.url } }, undefined, {
          signal: aborter.signal,
        })
        .catch((error: Error) => error.message);
      await site.served;
      aborter.abort('changed my mind');
      expect(await pending).toMatch(/changed my mind|abort/i);
      await within(site.abandoned, 3_000, 'the server letting go of the page');
    } finally {
      await client?.close();
      await site.close();
    }
  });
});
