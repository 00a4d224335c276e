import { createHash } from 'node:crypto';

/**
 * The login and consent pages: server-rendered HTML that works without JavaScript (there
 * is none), with labelled fields in reading order. Every value shown is escaped; the
 * client's name is a claim by whoever registered it, so the page also shows where the
 * browser will be sent afterwards (the redirect host), which the client cannot fake.
 */
const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1b1f24}
main{max-width:32rem;margin:3rem auto;padding:2rem;background:#fff;border-radius:8px;box-shadow:0 1px 4px #0002}
h1{font-size:1.4rem;margin-top:0}
label{display:block;margin:.8rem 0 .2rem;font-weight:600}
input[type=email],input[type=password]{width:100%;box-sizing:border-box;padding:.5rem;font:inherit;border:1px solid #8a94a3;border-radius:4px}
fieldset{border:1px solid #d0d5dc;border-radius:6px;margin:1rem 0;padding:.5rem 1rem}
fieldset label{font-weight:400;margin:.4rem 0}
button{font:inherit;padding:.55rem 1.2rem;margin:1rem .6rem 0 0;border-radius:4px;border:1px solid #1d4ed8;background:#1d4ed8;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#1d4ed8}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.alert{color:#b42318;font-weight:600}
.note{color:#4b5563;font-size:.9rem}
code{background:#eef1f4;padding:0 .25rem;border-radius:3px}
`;
const STYLE_HASH = `sha256-${createHash('sha256').update(STYLE).digest('base64')}`;

export const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );

/**
 * A strict CSP: nothing loads but the inline style (by hash), no scripts at all, the
 * forms post only to this origin (and, for consent, its redirect follows to the
 * client's redirect URI, which `form-action` must allow), and no one may frame the
 * page (clickjacking a consent button).
 */
export function pageHeaders(formTargets: readonly string[] = []): Record<string, string> {
  const formAction = ["'self'", ...formTargets].join(' ');
  return {
    'Content-Security-Policy': `default-src 'none'; style-src '${STYLE_HASH}'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Lumen</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}

export interface ClientShown {
  name: string;
  /** Where the browser goes afterwards: scheme + host of the redirect URI. */
  redirectHost: string;
  /** For URL client ids: the host that published the client's metadata. */
  publisher?: string | undefined;
}

const hidden = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${k}" value="${escapeHtml(v)}">`)
    .join('');

const clientLine = (client: ClientShown) =>
  `<p><strong>${escapeHtml(client.name)}</strong> wants to use Lumen on your behalf. ` +
  `Afterwards your browser returns to <strong>${escapeHtml(client.redirectHost)}</strong>` +
  (client.publisher
    ? `; the app is described by <strong>${escapeHtml(client.publisher)}</strong>.`
    : '.') +
  ' If you did not start this, close this page.</p>';

export function loginPage(input: {
  client: ClientShown;
  pending: string;
  csrf: string;
  email?: string;
  error?: string;
}): string {
  const alert = input.error
    ? `<p class="alert" role="alert" id="login-error">${escapeHtml(input.error)}</p>`
    : '';
  return layout(
    'Sign in',
    `<h1>Sign in to Lumen</h1>${clientLine(input.client)}${alert}
<form method="post" action="/oauth/authorize/login">${hidden({ pending: input.pending, csrf: input.csrf })}
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required autofocus value="${escapeHtml(input.email ?? '')}"${input.error ? ' aria-describedby="login-error"' : ''}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>`,
  );
}

export interface ToolChoice {
  name: string;
  description: string;
}

export function consentPage(input: {
  client: ClientShown;
  pending: string;
  csrf: string;
  userEmail: string;
  offered: readonly ToolChoice[];
  /** Requested, but the user's role cannot use them: listed, not offered. */
  unavailable: readonly ToolChoice[];
}): string {
  const boxes = input.offered
    .map(
      (t) =>
        `<label><input type="checkbox" name="scope" value="${escapeHtml(t.name)}" checked> <code>${escapeHtml(t.name)}</code> — ${escapeHtml(t.description)}</label>`,
    )
    .join('\n');
  const missing =
    input.unavailable.length === 0
      ? ''
      : `<p class="note">Not available to your account (its role does not allow them): ${input.unavailable
          .map((t) => `<code>${escapeHtml(t.name)}</code>`)
          .join(', ')}.</p>`;
  return layout(
    'Allow access',
    `<h1>Allow ${escapeHtml(input.client.name)} to use your Lumen account?</h1>
<p>Signed in as <strong>${escapeHtml(input.userEmail)}</strong>.</p>${clientLine(input.client)}
<form method="post" action="/oauth/authorize/consent">${hidden({ pending: input.pending, csrf: input.csrf })}
<fieldset><legend>Tools it may call (untick any you do not want to allow)</legend>
${boxes}
</fieldset>${missing}
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny" class="secondary">Deny</button>
</form>`,
  );
}

export function errorPage(title: string, message: string): string {
  return layout(
    title,
    `<h1>${escapeHtml(title)}</h1><p role="alert">${escapeHtml(message)}</p><p class="note">Nothing was shared. Start again from your app.</p>`,
  );
}
