import type { Principal } from '@lumen/auth';
import { LumenError } from '@lumen/domain';
import { Hono } from 'hono';
import { z } from 'zod';

import type { AppServices } from '@lumen/platform';

const EnrollBody = z.object({ course_slug: z.string().min(1).max(200) });
const CompleteBody = z.object({ course_slug: z.string().min(1).max(200).optional() }).optional();

const actorOf = (p: Principal) => ({ userId: p.userId, role: p.role, clientId: p.clientId });

/** `text` comes from c.req.text(): the body was already read, and cached, by the storable-input guard. */
function readJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new LumenError('mcp.invalid_argument', 'The request body is not valid JSON.');
  }
}

/** Learner REST: enrolment and lesson completion (behind bearerAuth). */
export function createMeRoutes(services: AppServices, clock: () => Date) {
  const app = new Hono<{ Variables: { principal: Principal } }>();
  app.post('/api/v1/me/enrollments', async (c) => {
    const body = EnrollBody.safeParse(readJson(await c.req.text()));
    if (!body.success)
      throw new LumenError('mcp.invalid_argument', 'Send {"course_slug": "<slug>"}.');
    const result = await services.enrollments.enroll(
      actorOf(c.get('principal')),
      body.data.course_slug,
      clock(),
    );
    return c.json({ enrolled: true, course_slug: body.data.course_slug, ...result });
  });
  app.post('/api/v1/me/lessons/:lessonSlug/complete', async (c) => {
    const body = CompleteBody.safeParse(readJson(await c.req.text()));
    if (!body.success)
      throw new LumenError('mcp.invalid_argument', 'Optional body: {"course_slug": "<slug>"}.');
    const lessonSlug = c.req.param('lessonSlug');
    const result = await services.enrollments.completeLesson(
      actorOf(c.get('principal')),
      lessonSlug,
      clock(),
      body.data?.course_slug,
    );
    return c.json({ completed: true, lesson_slug: lessonSlug, ...result });
  });
  return app;
}
