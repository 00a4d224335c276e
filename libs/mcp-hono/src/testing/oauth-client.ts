/**
 * Test support for the authorization code flow: an in-memory OAuthClientProvider for
 * the MCP SDK's own OAuth client (what a desktop MCP client implements), and the user's
 * half of the flow — sign in, consent — driven over plain HTTP forms with a cookie jar,
 * exactly as the pages post them (the browser test drives the same pages in Chromium).
 */
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';

export interface TestOAuthProvider extends OAuthClientProvider {
  /** The last authorization URL the SDK asked the user agent to open. */
  authorizationUrl(): URL;
  /** What the SDK saved (tokens, client information). */
  saved: { tokens?: OAuthTokens; client?: OAuthClientInformationMixed };
  /** Every token response the SDK saved, in order. */
  tokenHistory: OAuthTokens[];
}

export function createTestOAuthProvider(options: {
  redirectUrl: string;
  clientName?: string;
  clientMetadataUrl?: string;
  scope?: string;
  state?: string;
}): TestOAuthProvider {
  let verifier = '';
  let url: URL | undefined;
  const saved: TestOAuthProvider['saved'] = {};
  const tokenHistory: OAuthTokens[] = [];
  const metadata: OAuthClientMetadata = {
    client_name: options.clientName ?? 'Test Desktop Client',
    redirect_uris: [options.redirectUrl],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
    ...(options.scope ? { scope: options.scope } : {}),
  };
  return {
    get redirectUrl() {
      return options.redirectUrl;
    },
    ...(options.clientMetadataUrl ? { clientMetadataUrl: options.clientMetadataUrl } : {}),
    get clientMetadata() {
      return metadata;
    },
    state: () => options.state ?? 'state-from-the-client',
    clientInformation: () => saved.client,
    saveClientInformation: (info) => void (saved.client = info),
    tokens: () => saved.tokens,
    saveTokens: (tokens) => {
      saved.tokens = tokens;
      tokenHistory.push(tokens);
    },
    redirectToAuthorization: (authorizationUrl) => void (url = authorizationUrl),
    saveCodeVerifier: (v) => void (verifier = v),
    codeVerifier: () => verifier,
    authorizationUrl: () => {
      if (!url) throw new Error('the SDK has not asked to open an authorization URL');
      return url;
    },
    saved,
    tokenHistory,
  };
}

/** Hidden `name=value` inputs of the first form on a page. */
export function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[m[1]!] = m[2]!.replace(/&amp;/g, '&').replace(/&quot;/g, '"');
  }
  return fields;
}

/** A cookie jar of one: the authorization cookie the authorize page sets. */
export function cookieOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
}

export interface FormFlowResult {
  /** The consent page's HTML (after a successful sign-in). */
  consentHtml: string;
  /** Where the consent decision redirected (the client's redirect URI with code or error). */
  location: URL;
}

/** Opens the authorization URL, signs in and decides, as a user's browser would. */
export async function authorizeByForms(
  authorizationUrl: URL,
  user: { email: string; password: string },
  decide: { decision: 'allow' | 'deny'; untick?: readonly string[] } = { decision: 'allow' },
): Promise<FormFlowResult> {
  const start = await fetch(authorizationUrl, { redirect: 'manual' });
  if (start.status !== 200)
    throw new Error(`authorize answered ${start.status}: ${await start.text()}`);
  const cookie = cookieOf(start);
  const login = await fetch(new URL('/oauth/authorize/login', authorizationUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ ...hiddenFields(await start.text()), ...user }).toString(),
  });
  const consentHtml = await login.text();
  if (login.status !== 200) throw new Error(`login answered ${login.status}: ${consentHtml}`);
  const form = new URLSearchParams(hiddenFields(consentHtml));
  for (const m of consentHtml.matchAll(/name="scope" value="([^"]+)"/g)) {
    if (!decide.untick?.includes(m[1]!)) form.append('scope', m[1]!);
  }
  form.set('decision', decide.decision);
  const consent = await fetch(new URL('/oauth/authorize/consent', authorizationUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: form.toString(),
  });
  const location = consent.headers.get('location');
  if (consent.status !== 303 || !location)
    throw new Error(`consent answered ${consent.status}: ${await consent.text()}`);
  return { consentHtml, location: new URL(location) };
}

/**
 * The SDK client's first connect: 401 → discovery → registration (DCR or a URL client
 * id) → "open this URL in a browser". Returns that URL.
 */
export async function startSdkAuthorization(
  mcpUrl: string,
  provider: TestOAuthProvider,
): Promise<URL> {
  const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider });
  try {
    await new Client({ name: 'oauth-e2e', version: '1.0.0' }).connect(transport);
  } catch (error) {
    if (error instanceof UnauthorizedError) return provider.authorizationUrl();
    throw error;
  }
  throw new Error('the server let an unauthenticated client connect');
}

/** After the browser half: hand the code to the SDK, then connect for real. */
export async function finishSdkAuthorization(
  mcpUrl: string,
  provider: TestOAuthProvider,
  code: string,
): Promise<Client> {
  const transport = () =>
    new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider });
  await transport().finishAuth(code);
  const client = new Client({ name: 'oauth-e2e', version: '1.0.0' });
  await client.connect(transport());
  return client;
}
