/**
 * Test support: demo data plus a little of everything the observability page shows,
 * made through the real services — MCP tool calls over HTTP (which the server's
 * recorder logs), tutor questions (retrievals linked to model calls), and a priced
 * model call through the metered gateway, so spend is not zero.
 */
import type { MintResult } from '@lumen/auth';
import { createLlmGateway, createNoopProvider, seedDemoData } from '@lumen/domain';

import type { ObservedServer } from './observed-server.js';

export const TUTOR_QUESTION = 'When does the planner choose a sequential scan instead of an index?';
export const SEARCH_QUERY = '<img src=x onerror=alert(1)> partial index';
export const ENROLLED_COURSE = 'database-indexing-in-postgresql';
export const OTHER_COURSE = 'foundations-of-western-harmony';

export interface ObservedActivity {
  admin: MintResult;
  learner: MintResult;
  adminToken: string;
  learnerToken: string;
  /** What the priced call cost the teacher (USD). */
  teacherSpendUsd: number;
}

export async function makeObservedActivity(observed: ObservedServer): Promise<ObservedActivity> {
  const db = observed.server.db;
  await seedDemoData(db);
  const admin = await observed.mint('admin@lumen.test', 'Ada admin console');
  const learner = await observed.mint('learner@lumen.test', "Lee's <b>laptop</b>");
  const adminToken = await observed.accessToken(admin);
  const learnerToken = await observed.accessToken(learner);

  await observed.callTool(learnerToken, 'list_courses', {});
  await observed.callTool(learnerToken, 'list_courses', {});
  await observed.callTool(learnerToken, 'get_course', { slug: ENROLLED_COURSE });
  await observed.callTool(learnerToken, 'ask_tutor', {
    course_slug: ENROLLED_COURSE,
    question: TUTOR_QUESTION,
  });
  await observed.callTool(learnerToken, 'ask_tutor', {
    course_slug: OTHER_COURSE,
    question: 'What is a cadence?',
  });
  await observed.callTool(learnerToken, 'search_lesson_content', {
    course_slug: ENROLLED_COURSE,
    query: SEARCH_QUERY,
  });
  await observed.callTool(adminToken, 'list_courses', {});

  const teacher = await db.prisma.user.findUniqueOrThrow({
    where: { email: 'teacher@lumen.test' },
  });
  const gateway = createLlmGateway({
    db,
    provider: createNoopProvider(),
    prices: { noop: { inputPerMTok: 1_000, outputPerMTok: 2_000 } },
  });
  const call = await gateway.callLogged({
    actor: { userId: teacher.id, role: teacher.role },
    feature: 'mcp.create_course_draft',
    request: {
      system: 'You outline courses.',
      messages: [{ role: 'user', content: 'Outline tides.' }],
      maxTokens: 64,
    },
  });
  return { admin, learner, adminToken, learnerToken, teacherSpendUsd: call.costUsd };
}

/**
 * Waits for the server's tool-call and retrieval-audit recorders, which write in the
 * background (at least once a second), to have stored `count` calls and the activity's
 * two retrievals. Polls the database; gives up after 10 s.
 */
export async function recordedToolCalls(observed: ObservedServer, count: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    // Retrieval audits are batched like tool calls: the two searches (search and tutor).
    const [calls, audits] = await Promise.all([
      observed.server.db.prisma.toolCall.count(),
      observed.server.db.prisma.retrievalAudit.count(),
    ]);
    if (calls >= count && audits >= 2) return;
    if (Date.now() > deadline)
      throw new Error(`the recorders did not store ${count} tool calls and 2 audits within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
