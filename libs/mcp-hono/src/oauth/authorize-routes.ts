import type {
  Grants,
  OAuthClients,
  OAuthClientView,
  Passwords,
  PendingAuthorization,
  PendingAuthorizations,
  RateLimiter,
} from '@lumen/auth';
import {
  ADMIN_SCOPE,
  isAuthError,
  isSaneText,
  isS256Challenge,
  isToolName,
  OAuthError,
  parseScopes,
  redirectUriMatches,
  TOOL_ACCESS,
  TOOL_NAMES,
  WILDCARD_SCOPE,
} from '@lumen/auth';
import { lumenTools } from '@lumen/mcp-tools';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie, setCookie } from 'hono/cookie';

import { consentPage, errorPage, loginPage, pageHeaders } from './authorize-pages.js';
import type { ClientShown, ToolChoice } from './authorize-pages.js';
import { peerAddress } from './peer-address.js';
import type { OriginResolver } from './request-origin.js';

export interface AuthorizeRoutesOptions {
  origin: OriginResolver;
  oauthClients: OAuthClients;
  pending: PendingAuthorizations;
  grants: Grants;
  passwords: Passwords;
  /** Failed sign-ins per (account, address) and per address (the shared auth_failures table). */
  rateLimiter: RateLimiter;
  clock?: () => Date;
  remoteAddress?: (c: Context) => string | undefined;
}

type Page = { status: 200 | 400 | 401 | 403 | 429 | 503; html: string; formTargets?: string[] };

const TITLES = new Map<string, string>([
  ...lumenTools.map((t): [string, string] => [t.name, t.title ?? t.name]),
  [ADMIN_SCOPE, 'Administer Lumen: manage MCP clients and connections, read observability data'],
]);
/** RFC 6749 §3.1: request parameters must not repeat. */
const SINGLE = [
  'response_type',
  'client_id',
  'redirect_uri',
  'state',
  'scope',
  'code_challenge',
  'code_challenge_method',
  'resource',
];

/** Parameters are opaque text, but never control characters, broken UTF-16 or huge. */
const saneParam = (value: string) => isSaneText(value, 2000);

const GONE = 'The application is no longer registered with this server.';

const cookieName = (pendingId: string) => `lumen_authz_${pendingId.slice(0, 16)}`;

/** Scheme and host of a redirect URI, as the pages show it. */
function redirectHost(uri: string): string {
  const url = new URL(uri);
  return url.host ? `${url.protocol}//${url.host}` : url.protocol;
}

/** The CSP form-action source the consent form's redirect must be allowed to reach. */
function formTarget(uri: string): string {
  const url = new URL(uri);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : url.protocol;
}

const shown = (client: OAuthClientView, redirectUri: string): ClientShown => ({
  name: client.name,
  redirectHost: redirectHost(redirectUri),
  publisher: client.kind === 'cimd' ? new URL(client.clientId).host : undefined,
});

/**
 * `/oauth/authorize` (RFC 6749 §4.1.1 with OAuth 2.1's PKCE-S256-only rules), its login
 * and consent pages. Until the client and redirect URI are known good, errors are shown
 * on a page and never redirected (RFC 6749 §4.1.2.1: no open redirector); after that
 * they go back to the client with `state` and `iss` (RFC 9207).
 */
export function createAuthorizeRoutes(options: AuthorizeRoutesOptions) {
  const { oauthClients, pending, grants, passwords, rateLimiter } = options;
  const clock = options.clock ?? (() => new Date());
  const remoteAddress = options.remoteAddress ?? peerAddress;
  const app = new Hono();

  const render = (c: Context, page: Page) =>
    c.html(page.html, page.status, pageHeaders(page.formTargets ?? []));
  const failPage = (c: Context, status: Page['status'], title: string, message: string) =>
    render(c, { status, html: errorPage(title, message) });

  /** RFC 6749 §4.1.2 / §4.1.2.1 with RFC 9207's `iss`. */
  const backToClient = (
    c: Context,
    redirectUri: string,
    state: string | null,
    params: Record<string, string>,
  ) => {
    const url = new URL(redirectUri);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    if (state !== null) url.searchParams.set('state', state);
    url.searchParams.set('iss', options.origin(c));
    return c.redirect(url.href, 303);
  };

  app.get('/oauth/authorize', async (c) => {
    const query = new URL(c.req.url).searchParams;
    const repeated = SINGLE.find((p) => query.getAll(p).length > 1);
    const clientId = query.get('client_id');
    const redirectUri = query.get('redirect_uri');
    if (repeated) return failPage(c, 400, 'Invalid request', `"${repeated}" appears twice.`);
    const insane = SINGLE.find((p) => query.has(p) && !saneParam(query.get(p)!));
    if (insane)
      return failPage(
        c,
        400,
        'Invalid request',
        `"${insane}" is too long or has control characters.`,
      );
    if (!clientId) return failPage(c, 400, 'Invalid request', 'The request names no client_id.');
    let client: OAuthClientView;
    try {
      client = await oauthClients.resolve(clientId);
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      return failPage(c, 400, 'Unknown application', error.message);
    }
    if (!redirectUri || !redirectUriMatches(client.redirectUris, redirectUri)) {
      return failPage(
        c,
        400,
        'Invalid redirect',
        'The redirect_uri is missing or is not one this application registered.',
      );
    }
    const state = query.get('state');
    const fail = (error: string, description: string) =>
      backToClient(c, redirectUri, state, { error, error_description: description });
    if (query.get('response_type') !== 'code')
      return fail('unsupported_response_type', 'Only response_type=code is supported.');
    const challenge = query.get('code_challenge') ?? '';
    if (query.get('code_challenge_method') !== 'S256' || !isS256Challenge(challenge))
      return fail('invalid_request', 'PKCE is required: code_challenge with method S256.');
    let scopes: string[] = [WILDCARD_SCOPE];
    const scope = query.get('scope');
    if (scope && scope.trim() !== '') {
      try {
        scopes = parseScopes(scope);
      } catch (error) {
        return fail('invalid_scope', (error as Error).message);
      }
    }
    const mcpUrl = `${options.origin(c)}/mcp`;
    const resource = query.get('resource') ?? mcpUrl;
    if (resource.replace(/\/$/, '') !== mcpUrl)
      return fail('invalid_target', `This server issues tokens for ${mcpUrl} only.`);
    const created = await pending.create({
      clientId,
      redirectUri,
      state,
      codeChallenge: challenge,
      scopes,
      resource: mcpUrl,
    });
    setCookie(c, cookieName(created.id), created.csrf, {
      path: '/oauth/authorize',
      httpOnly: true,
      sameSite: 'Strict',
      secure: options.origin(c).startsWith('https:'),
      maxAge: 600,
    });
    return render(c, {
      status: 200,
      html: loginPage({
        client: shown(client, redirectUri),
        pending: created.id,
        csrf: created.csrf,
      }),
    });
  });

  const limit = bodyLimit({
    maxSize: 16 * 1024,
    onError: (c) => failPage(c, 400, 'Invalid request', 'The form is too large.'),
  });

  /**
   * The pending request a form belongs to: its id, its CSRF token, and the browser's
   * cookie holding the same token must all agree (double submit, bound to the request).
   */
  async function pendingOf(c: Context, form: URLSearchParams) {
    const id = form.get('pending') ?? '';
    const csrf = form.get('csrf') ?? '';
    if (!saneParam(id) || !saneParam(csrf)) return undefined; // NUL never reaches a lookup
    if (!id || !csrf || getCookie(c, cookieName(id)) !== csrf) return undefined;
    return pending.find(id, csrf);
  }
  /** The client again (a DCR registration may lapse, a CIMD document may change). */
  const stillRegistered = async (clientId: string) => {
    try {
      return await oauthClients.resolve(clientId);
    } catch (error) {
      if (error instanceof OAuthError) return undefined;
      throw error;
    }
  };
  const expired = (c: Context) =>
    failPage(
      c,
      403,
      'This page has expired',
      'The form was not opened in this browser, was already used, or is older than 10 minutes.',
    );

  app.post('/oauth/authorize/login', limit, async (c) => {
    const form = new URLSearchParams(await c.req.text());
    const request = await pendingOf(c, form);
    if (!request) return expired(c);
    const client = await stillRegistered(request.clientId);
    if (!client) return failPage(c, 400, 'Unknown application', GONE);
    const email = (form.get('email') ?? '').trim().toLowerCase().slice(0, 320);
    const retry = (status: Page['status'], error: string) =>
      render(c, {
        status,
        html: loginPage({
          client: shown(client, request.redirectUri),
          pending: request.id,
          csrf: form.get('csrf')!,
          email,
          error,
        }),
      });
    const now = clock();
    // Per (account, address) and per address, never per account alone: an email is no
    // secret, and an account-wide block would let a stranger lock its owner out. A
    // distributed guesser is bounded by the per-address limit, the 10-character minimum
    // and the argon2 pool's capacity instead (rate-limiter.ts).
    const keys = rateLimiter.keysFor({
      kind: 'login',
      subject: email,
      remoteAddress: remoteAddress(c),
    });
    const decision = await rateLimiter.check(keys, now);
    if (!decision.allowed)
      return retry(429, `Too many failed sign-ins. Try again in ${decision.retryAfterSeconds} s.`);
    let user: Awaited<ReturnType<Passwords['verify']>>;
    try {
      user = await passwords.verify(email, form.get('password') ?? '');
    } catch (error) {
      if (!isAuthError(error) || error.code !== 'auth.busy') throw error;
      c.header('Retry-After', '1');
      return retry(503, 'The server is busy. Try again in a moment.');
    }
    if (!user) {
      await rateLimiter.recordFailure(keys, now);
      return retry(401, 'That email and password do not match an account.');
    }
    await pending.signedIn(request.id, user.id);
    return render(c, consent(client, request, form.get('csrf')!, user));
  });

  app.post('/oauth/authorize/consent', limit, async (c) => {
    const form = new URLSearchParams(await c.req.text());
    const request = await pendingOf(c, form);
    if (!request) return expired(c);
    if (!request.userId) return failPage(c, 403, 'Sign in first', 'Sign in before deciding.');
    if (!(await pending.finish(request.id))) return expired(c);
    const back = (params: Record<string, string>) =>
      backToClient(c, request.redirectUri, request.state, params);
    if (form.get('decision') !== 'allow')
      return back({ error: 'access_denied', error_description: 'The user denied access.' });
    const user = await passwords.byId(request.userId);
    const client = await stillRegistered(request.clientId);
    if (!client) return back({ error: 'unauthorized_client', error_description: GONE });
    if (!user) return back({ error: 'access_denied', error_description: 'Unknown user.' });
    const { offered } = toolChoices(request.scopes, user.role);
    const ticked = new Set(form.getAll('scope'));
    const scopes = offered.map((t) => t.name).filter((t) => ticked.has(t));
    if (scopes.length === 0)
      return back({ error: 'access_denied', error_description: 'No tools were allowed.' });
    const grantId = await grants.consent({
      userId: user.id,
      oauthClientId: client.clientId,
      name: client.name,
      scopes,
    });
    await oauthClients.markUsed(client.clientId);
    const code = await grants.issueCode({
      grantId,
      oauthClientId: client.clientId,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      scopes,
      resource: request.resource,
    });
    return back({ code });
  });

  return app;
}

function consent(
  client: OAuthClientView,
  request: PendingAuthorization,
  csrf: string,
  user: { email: string; role: string },
): Page {
  const { offered, unavailable } = toolChoices(request.scopes, user.role);
  return {
    status: 200,
    formTargets: [formTarget(request.redirectUri)],
    html: consentPage({
      client: shown(client, request.redirectUri),
      pending: request.id,
      csrf,
      userEmail: user.email,
      offered,
      unavailable,
    }),
  };
}

/**
 * The tools a consent page offers. A learner is never offered instructor tools: a
 * grant holds only what its owner can use, so such a call fails at the scope gate
 * (`mcp.scope.denied`) and the page says why they are missing. The `admin` scope is
 * offered only to an admin, and only when the client asks for it by name: `*` (what
 * clients ask for by default) means the tools, never the admin API.
 */
function toolChoices(requested: readonly string[], role: string) {
  const wanted: string[] = requested.includes(WILDCARD_SCOPE)
    ? [...TOOL_NAMES]
    : TOOL_NAMES.filter((t) => requested.includes(t));
  if (requested.includes(ADMIN_SCOPE)) wanted.push(ADMIN_SCOPE);
  const choice = (name: string): ToolChoice => ({ name, description: TITLES.get(name) ?? name });
  const allowed = (t: string) =>
    t === ADMIN_SCOPE
      ? role === 'admin'
      : !isToolName(t) ||
        TOOL_ACCESS[t] !== 'instructor' ||
        role === 'instructor' ||
        role === 'admin';
  return {
    offered: wanted.filter(allowed).map(choice),
    unavailable: wanted.filter((t) => !allowed(t)).map(choice),
  };
}
