import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import {
  makeObservedActivity,
  recordedToolCalls,
  SEARCH_QUERY,
  TUTOR_QUESTION,
} from '../testing/observed-activity.js';
import type { ObservedActivity } from '../testing/observed-activity.js';
import { serverDatabases, startObservedServer } from '../testing/observed-server.js';
import type { ObservedServer } from '../testing/observed-server.js';

const SECTIONS = ['spend', 'llm-calls', 'retrievals', 'tool-calls', 'clients'];
/** Tool calls makeObservedActivity makes. */
const TOOL_CALLS = 7;

describe.each(serverDatabases())('observability API on %s', (_kind, database) => {
  let observed: ObservedServer;
  let activity: ObservedActivity;
  const get = (path: string, token?: string, headers: Record<string, string> = {}) =>
    fetch(`${observed.baseUrl}${path}`, {
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    });
  const section = async (name: string) => {
    const response = await get(`/api/v1/admin/observability/${name}`, activity.adminToken);
    expect(response.status).toBe(200);
    return {
      text: await response.clone().text(),
      json: (await response.json()) as Record<string, unknown>,
    };
  };

  beforeAll(async () => {
    observed = await startObservedServer(await database());
    activity = await makeObservedActivity(observed);
    await recordedToolCalls(observed, TOOL_CALLS);
  }, 120_000);
  afterAll(() => observed.close());

  it('shows an admin the spend per user and feature against the budget', async () => {
    const { json } = await section('spend');
    const users = json['users'] as Array<Record<string, unknown>>;
    const teacher = users.find((u) => u['email'] === 'teacher@lumen.test');
    expect(teacher).toMatchObject({ calls24h: 1, budgetUsd24h: null, remainingUsd24h: null });
    expect(teacher?.['spentUsd24h']).toBeCloseTo(activity.teacherSpendUsd, 6);
    expect(users.find((u) => u['email'] === 'learner@lumen.test')).toMatchObject({
      features: [expect.objectContaining({ feature: 'mcp.ask_tutor', calls24h: 1 })],
    });
  });

  it('links the tutor answer to the retrieval it was grounded on', async () => {
    const calls = (await section('llm-calls')).json['calls'] as Array<Record<string, unknown>>;
    const tutorCall = calls.find((c) => c['feature'] === 'mcp.ask_tutor');
    const retrievals = (await section('retrievals')).json['retrievals'] as Array<
      Record<string, unknown>
    >;
    const tutorRetrieval = retrievals.find((r) => r['query'] === TUTOR_QUESTION);
    expect(tutorRetrieval?.['id']).toBe(tutorCall?.['retrievalAuditId']);
    expect(tutorRetrieval?.['llmCall']).toMatchObject({ id: tutorCall?.['id'], status: 'ok' });
    expect((tutorRetrieval?.['chunks'] as unknown[]).length).toBeGreaterThan(0);
    expect(retrievals.find((r) => r['query'] === SEARCH_QUERY)).toMatchObject({
      feature: 'mcp.search_lesson_content',
      llmCall: null,
    });
  });

  it('counts tool calls, errors and latency per tool and per client', async () => {
    const { json } = await section('tool-calls');
    const byTool = json['byTool'] as Array<Record<string, unknown>>;
    expect(json['total']).toMatchObject({ calls: TOOL_CALLS, errors: 1 });
    expect(byTool.find((t) => t['tool'] === 'list_courses')).toMatchObject({ calls: 3, errors: 0 });
    expect(byTool.find((t) => t['tool'] === 'ask_tutor')).toMatchObject({
      calls: 2,
      errors: 1,
      errorRate: 0.5,
      outcomes: expect.arrayContaining([{ outcome: 'mcp.tutor.not_enrolled', calls: 1 }]),
    });
    const byClient = json['byClient'] as Array<Record<string, unknown>>;
    expect(byClient.map((c) => [c['clientId'], c['calls']])).toEqual([
      [activity.learner.clientId, 6],
      [activity.admin.clientId, 1],
    ]);
  });

  it('lists MCP clients with their last use', async () => {
    const clients = (await section('clients')).json['clients'] as Array<Record<string, unknown>>;
    expect(clients.map((c) => c['clientId']).sort()).toEqual(
      [activity.admin.clientId, activity.learner.clientId].sort(),
    );
    const learner = clients.find((c) => c['clientId'] === activity.learner.clientId);
    expect(learner).toMatchObject({ ownerEmail: 'learner@lumen.test', toolCalls24h: 6 });
    expect(learner?.['lastToolCallAt']).toEqual(expect.any(String));
    expect(learner?.['lastUsedAt']).toEqual(expect.any(String));
  });

  it('never puts a secret, a hash or a token in any payload', async () => {
    const hashes = (await observed.server.db.prisma.mcpClient.findMany()).map(
      (c) => c.clientSecretHash,
    );
    for (const name of SECTIONS) {
      const { text } = await section(name);
      for (const secret of [
        activity.admin.clientSecret,
        activity.learner.clientSecret,
        activity.adminToken,
        activity.learnerToken,
        ...hashes,
      ]) {
        expect(text).not.toContain(secret);
      }
      expect(text).not.toMatch(/argon2|secret/i);
    }
  });

  it('refuses learners (403), missing tokens (401) and bad tokens (401) alike for every section', async () => {
    for (const name of SECTIONS) {
      const path = `/api/v1/admin/observability/${name}`;
      const learner = await get(path, activity.learnerToken);
      expect(learner.status).toBe(403);
      expect(await learner.json()).toEqual({ error: 'mcp.forbidden', message: expect.any(String) });
      expect((await get(path)).status).toBe(401);
      expect((await get(path, `${activity.adminToken}x`)).status).toBe(401);
    }
  });

  it('answers an unknown section with 404, "constructor" included', async () => {
    for (const name of ['nope', 'constructor', '__proto__']) {
      expect((await get(`/api/v1/admin/observability/${name}`, activity.adminToken)).status).toBe(
        404,
      );
    }
  });

  it('serves the page shell to anyone, with no data in it and a nonce-only CSP', async () => {
    const response = await get('/admin/observability');
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await response.text();
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(html).not.toContain('learner@lumen.test');
    expect(html).not.toContain(TUTOR_QUESTION);
    const again = await get('/admin/observability');
    expect(again.headers.get('content-security-policy')).not.toBe(csp); // a fresh nonce each time
  });
});
