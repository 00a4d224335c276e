import type { Principal } from '@lumen/auth';
import { createObservability } from '@lumen/domain';
import type { Observability } from '@lumen/domain';
import type { Db } from '@lumen/db';
import type { Context } from 'hono';
import { Hono } from 'hono';

import { observabilityPage } from './observability-page.js';

export interface ObservabilityRoutesOptions {
  db: Pick<Db, 'prisma'>;
  /** LLM_USER_BUDGET_24H_USD; undefined: unlimited. */
  budgetUsd24h: number | null | undefined;
  clock?: () => Date;
}

type Env = { Variables: { principal: Principal } };

const NO_STORE = { 'Cache-Control': 'no-store' };

/** Admins only; anyone else gets the same refusal whatever they ask for. */
function refuseNonAdmin(c: Context<Env>) {
  const principal = c.get('principal');
  if (!principal) {
    return c.json(
      { error: 'mcp.token_required', message: 'Send "Authorization: Bearer <access_token>".' },
      401,
      NO_STORE,
    );
  }
  if (principal.role !== 'admin') {
    return c.json(
      { error: 'mcp.forbidden', message: 'The observability data requires the admin role.' },
      403,
      NO_STORE,
    );
  }
  return undefined;
}

/** A Map, not an object literal: a path segment like "constructor" must not find anything. */
const SECTIONS = new Map<string, (o: Observability, now: Date) => Promise<unknown>>([
  ['spend', (o, now) => o.spend(now)],
  ['llm-calls', async (o, now) => ({ asOf: now, calls: await o.recentLlmCalls(now) })],
  ['retrievals', async (o, now) => ({ asOf: now, retrievals: await o.recentRetrievals(now) })],
  ['tool-calls', (o, now) => o.toolCalls(now)],
  ['clients', async (o, now) => ({ asOf: now, clients: await o.clients(now) })],
]);

/**
 * GET /api/v1/admin/observability/{spend,llm-calls,retrievals,tool-calls,clients}
 * (JSON, behind bearerAuth, admin role only) and GET /admin/observability, the page
 * that reads them. The page itself holds no data, so it is served to anyone: its
 * script sends the admin's token to the JSON API, which is where access is decided.
 */
export function createObservabilityRoutes(options: ObservabilityRoutesOptions) {
  const clock = options.clock ?? (() => new Date());
  const observability = createObservability({ db: options.db, budgetUsd24h: options.budgetUsd24h });
  const app = new Hono<Env>();

  app.get('/api/v1/admin/observability/:section', async (c) => {
    const refused = refuseNonAdmin(c);
    if (refused) return refused;
    const section = SECTIONS.get(c.req.param('section'));
    if (!section) {
      return c.json(
        {
          error: 'mcp.not_found',
          message: `No such section; try ${[...SECTIONS.keys()].join(', ')}.`,
        },
        404,
      );
    }
    return c.json(await section(observability, clock()), 200, NO_STORE);
  });

  app.get('/admin/observability', (c) => {
    const page = observabilityPage();
    return c.html(page.html, 200, { ...NO_STORE, ...page.headers });
  });
  return app;
}
