/**
 * Redirect URI rules (OAuth 2.1 §2.3.1 and §7.5, RFC 8252 §7.3 and §8.3):
 * - https anywhere, or http only to a loopback IP literal or `localhost`;
 * - private-use schemes (`com.example.app:/cb`, `cursor://…`) for native apps;
 * - never `javascript:`, `data:`, `file:`, `vbscript:`, `blob:`, never a fragment.
 * Matching is exact string comparison, except that a loopback redirect may use any
 * port (RFC 8252 §7.3: the native app picks a free port at run time).
 */
import { isSaneText } from './sane-text.js';

export type RedirectUriProblem = 'malformed' | 'forbidden_scheme' | 'insecure_http' | 'fragment';

const FORBIDDEN_SCHEMES = new Set([
  'javascript:',
  'data:',
  'file:',
  'vbscript:',
  'blob:',
  'about:',
]);
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);
const PRIVATE_SCHEME = /^[a-z][a-z0-9+.-]*:$/;

export function checkRedirectUri(uri: string): RedirectUriProblem | undefined {
  if (!isSaneText(uri, 2000) || uri.includes(' ') || !URL.canParse(uri)) return 'malformed';
  const url = new URL(uri);
  if (FORBIDDEN_SCHEMES.has(url.protocol)) return 'forbidden_scheme';
  if (uri.includes('#')) return 'fragment';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:') return isLoopback(url) ? undefined : 'insecure_http';
  // RFC 8252 §7.1: private-use URI schemes contain a period or are app-specific names.
  return PRIVATE_SCHEME.test(url.protocol) ? undefined : 'malformed';
}

export const redirectUriProblemText: Record<RedirectUriProblem, string> = {
  malformed: 'is not a valid absolute URI',
  forbidden_scheme: 'uses a scheme that can run code or read local data',
  insecure_http: 'uses http to a host other than loopback (use https, or http://127.0.0.1)',
  fragment: 'contains a fragment',
};

const isLoopback = (url: URL) => url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);

/** Whether `presented` is one of the `registered` redirect URIs (RFC 8252 §7.3 for loopback). */
export function redirectUriMatches(registered: readonly string[], presented: string): boolean {
  if (registered.includes(presented)) return true;
  if (!URL.canParse(presented)) return false;
  const url = new URL(presented);
  if (!isLoopback(url)) return false;
  return registered.some((r) => {
    if (!URL.canParse(r)) return false;
    const reg = new URL(r);
    if (!isLoopback(reg)) return false;
    reg.port = url.port;
    return reg.href === url.href;
  });
}
