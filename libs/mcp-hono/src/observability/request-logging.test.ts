import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import {
  makeObservedActivity,
  recordedToolCalls,
  TUTOR_QUESTION,
} from '../testing/observed-activity.js';
import type { ObservedActivity } from '../testing/observed-activity.js';
import { serverDatabases, startObservedServer } from '../testing/observed-server.js';
import type { ObservedServer } from '../testing/observed-server.js';

type LogLine = Record<string, unknown>;

describe.each(serverDatabases())('request ids and tool-call logs on %s', (_kind, database) => {
  let observed: ObservedServer;
  let activity: ObservedActivity;
  const lines = () => observed.logLines.map((l) => JSON.parse(l) as LogLine);

  beforeAll(async () => {
    observed = await startObservedServer(await database());
    activity = await makeObservedActivity(observed);
  }, 120_000);
  afterAll(() => observed.close());

  it('echoes a caller’s request id and logs the tool call under it', async () => {
    const before = observed.logLines.length;
    await observed.callTool(
      activity.learnerToken,
      'ask_tutor',
      { course_slug: 'database-indexing-in-postgresql', question: TUTOR_QUESTION },
      {
        'x-request-id': 'trace-7f3a.1',
      },
    );
    const line = lines()
      .slice(before)
      .find((l) => l['msg'] === 'tool.call');
    expect(line).toEqual({
      ts: expect.any(String),
      level: 'info',
      msg: 'tool.call',
      requestId: 'trace-7f3a.1',
      tool: 'ask_tutor',
      clientId: activity.learner.clientId,
      userId: expect.any(String),
      durationMs: expect.any(Number),
      outcome: 'ok',
    });
    const response = await fetch(`${observed.baseUrl}/healthz`, {
      headers: { 'x-request-id': 'trace-7f3a.2' },
    });
    expect(response.headers.get('x-request-id')).toBe('trace-7f3a.2');
  });

  it('replaces an unusable request id with a fresh one', async () => {
    const response = await fetch(`${observed.baseUrl}/healthz`, {
      headers: { 'x-request-id': 'a b\tc'.repeat(3) },
    });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const unauthenticated = await fetch(`${observed.baseUrl}/api/v1/admin/observability/spend`);
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never writes a token, a client secret or a question into the log', async () => {
    await recordedToolCalls(observed, 8);
    await fetch(`${observed.baseUrl}/api/v1/admin/observability/spend`, {
      headers: { authorization: `Bearer ${activity.adminToken}` },
    });
    await fetch(`${observed.baseUrl}/api/v1/admin/observability/spend`, {
      headers: { authorization: `Bearer ${activity.adminToken}broken` },
    });
    const log = observed.logLines.join('');
    expect(lines().filter((l) => l['msg'] === 'tool.call').length).toBeGreaterThanOrEqual(8);
    for (const secret of [
      activity.adminToken,
      activity.learnerToken,
      activity.admin.clientSecret,
      activity.learner.clientSecret,
      TUTOR_QUESTION,
      'Outline tides.',
    ]) {
      expect(log).not.toContain(secret);
    }
    // A JWT's signature alone would be enough to spot a leak.
    expect(log).not.toContain(activity.adminToken.split('.')[2] as string);
  });
});
