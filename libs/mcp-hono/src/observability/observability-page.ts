import { randomBytes } from 'node:crypto';

import { PAGE_SCRIPT } from './page-script.js';

const STYLE = `
  [hidden] { display: none !important; }
  body { font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 1rem 1.5rem; color: #1d232a; }
  h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; }
  table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #eaeef2; vertical-align: top; }
  th { background: #f6f8fa; } td { font-variant-numeric: tabular-nums; }
  #error { color: #b42318; font-weight: 600; } .meta, .answer, .empty, #status, #budget { color: #57606a; }
  .retrieval { border: 1px solid #d0d7de; border-radius: 6px; padding: .25rem 1rem; margin: .75rem 0; }
  .retrieval:target { outline: 2px solid #0969da; } .query { font-size: 1rem; margin: .5rem 0 0; }
  .gone { color: #b42318; } form { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; }
  input { font: inherit; padding: .3rem; min-width: 28rem; } button { font: inherit; padding: .3rem .8rem; }
`;

const BODY = `
<h1>Lumen · Observability</h1>
<form id="signin" hidden>
  <label for="token">Admin access token</label>
  <input id="token" name="token" type="password" autocomplete="off" spellcheck="false" placeholder="from POST /oauth/token">
  <button type="submit">Sign in</button>
</form>
<p id="error" role="alert"></p>
<p id="status" aria-live="polite"></p>
<main id="data" hidden>
  <p><button id="refresh" type="button">Refresh</button> <button id="signout" type="button">Sign out</button></p>
  <h2>Model spend per user and feature</h2><p id="budget"></p><div id="spend"></div>
  <h2>Tool calls per tool, last 24 h</h2><div id="tools"></div>
  <h2>Tool calls per client, last 24 h</h2><div id="tool-clients"></div>
  <h2>Recent model calls</h2><div id="llm-calls"></div>
  <h2>Recent retrievals</h2><div id="retrievals"></div>
  <h2>MCP clients</h2><div id="clients"></div>
</main>
`;

/**
 * The admin observability page: a static shell (no data is rendered on the server)
 * whose inline script and style run under a per-response nonce. The CSP allows
 * nothing else: no other scripts, no frames, no form posts, fetches only to this
 * origin (CSP Level 3 §6.1.3 script-src, §6.1.1 connect-src).
 */
export function observabilityPage(nonce: string = randomBytes(16).toString('base64')) {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Lumen · Observability</title>
<style nonce="${nonce}">${STYLE}</style>
</head><body>${BODY}<script nonce="${nonce}">${PAGE_SCRIPT}</script></body></html>`;
  return {
    html,
    headers: {
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
    },
  };
}
