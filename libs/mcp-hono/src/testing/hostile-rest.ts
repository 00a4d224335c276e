/**
 * Test support: REST requests with a hostile string in a path segment, a query
 * parameter or a JSON body, for every /api route that takes caller text.
 */
import fc from 'fast-check';

import { absurdId, unstorableText } from './hostile-strings.js';

export interface HostileRestRequest {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  body?: string;
  /** Whether the route is admin-only (send the admin's token). */
  admin: boolean;
  /** The hostile value, as the test generated it. */
  value: string;
}

/**
 * Percent-encodes the UTF-8 bytes of `text`, as a client would put it on the wire. A
 * lone surrogate has no UTF-8 form, so it travels as U+FFFD (EF BF BD); NUL as %00.
 */
export function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`)
    .join('');
}

const hostileValue = fc.oneof(
  { weight: 3, arbitrary: unstorableText() },
  { weight: 1, arbitrary: unstorableText('foundations-of-western-harmony') },
  { weight: 1, arbitrary: absurdId },
  { weight: 1, arbitrary: fc.fullUnicodeString({ maxLength: 40 }) },
);

type Route = (value: string) => Omit<HostileRestRequest, 'value'>;

/** JSON.stringify writes a lone surrogate as a \u escape, so it arrives intact. */
const courseBody = (value: string) => JSON.stringify({ course_slug: value });

const ROUTES: Route[] = [
  (v) => ({ method: 'POST', path: '/api/v1/me/enrollments', body: courseBody(v), admin: false }),
  (v) => ({
    method: 'POST',
    path: '/api/v1/me/enrollments',
    body: JSON.stringify({ course_slug: 'x', [v]: 1 }),
    admin: false,
  }),
  (v) => ({
    method: 'POST',
    path: `/api/v1/me/lessons/${percentEncode(v)}/complete`,
    admin: false,
  }),
  (v) => ({
    method: 'POST',
    path: '/api/v1/me/lessons/cells-intro/complete',
    body: courseBody(v),
    admin: false,
  }),
  (v) => ({ method: 'DELETE', path: `/api/v1/me/connections/${percentEncode(v)}`, admin: false }),
  (v) => ({
    method: 'DELETE',
    path: `/api/v1/admin/mcp-clients/${percentEncode(v)}`,
    admin: true,
  }),
  (v) => ({
    method: 'DELETE',
    path: `/api/v1/admin/connections/${percentEncode(v)}`,
    admin: true,
  }),
  (v) => ({
    method: 'GET',
    path: `/api/v1/admin/mcp-clients?include_revoked=${percentEncode(v)}`,
    admin: true,
  }),
  (v) => ({
    method: 'GET',
    path: `/api/v1/admin/observability/${percentEncode(v)}`,
    admin: true,
  }),
];

export const hostileRestRequest: fc.Arbitrary<HostileRestRequest> = fc
  .tuple(fc.nat({ max: ROUTES.length - 1 }), hostileValue)
  .map(([i, value]) => ({ ...ROUTES[i]!(value), value }));
