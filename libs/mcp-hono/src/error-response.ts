import { AuthError } from '@lumen/auth';
import { isLumenError } from '@lumen/domain';
import { toToolFailure } from '@lumen/mcp-tools';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

import type { Logger } from '@lumen/platform';

function statusFor(code: string): ContentfulStatusCode {
  if (code.endsWith('not_found')) return 404;
  if (
    code === 'mcp.token_required' ||
    code === 'mcp.invalid_token' ||
    code === 'mcp.client_revoked'
  )
    return 401;
  if (code.endsWith('denied') || code === 'mcp.forbidden' || code === 'mcp.tutor.not_enrolled')
    return 403;
  if (code === 'mcp.budget.exceeded') return 429;
  if (code === 'mcp.unavailable' || code === 'auth.busy') return 503;
  if (code === 'mcp.internal') return 500;
  if (code === 'mcp.review.conflict') return 409;
  return 400;
}

/** Hono onError: stable codes out, never a stack trace or SQL. */
export function errorResponder(logger: Logger) {
  return (error: Error, c: Context) => {
    const failure = toToolFailure(error);
    if (failure.code === 'mcp.internal') {
      logger.error('request.failed', { path: c.req.path, error });
    } else if (!(isLumenError(error) || error instanceof AuthError)) {
      logger.warn('request.degraded', { path: c.req.path, code: failure.code, error });
    }
    return c.json({ error: failure.code, message: failure.message }, statusFor(failure.code));
  };
}
