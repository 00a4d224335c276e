/**
 * Test support: one loopback HTTP server playing every outside service the ingest
 * talks to, in their real wire formats: a YouTube watch page and timed-text tracks
 * (json3 and XML), a public Notion page and the Notion API, Google Docs exports, a
 * blog, a few misbehaving URLs (redirect loops, oversized and mistyped bodies) and the
 * hostile pages of hostile-pages.ts.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { hostilePages } from './hostile-pages.js';
import { notionApi } from './notion-fixtures.js';
import { blogPage, guidePage, notionPublicPage, watchPage } from './page-fixtures.js';

export const VIDEO_WITH_CHAPTERS = 'gitBasics01';
export const VIDEO_XML_NO_CHAPTERS = 'xmlTrack002';
export const NOTION_PAGE_ID = '0123456789abcdef0123456789abcdef';
export const NOTION_TOKEN = 'secret_notion_loopback';
export const GDOC_ID = '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';
export const GDOC_HTML_ONLY_ID = '1HtmlOnlyDocument00000000000000000';

const GUIDE_CHAIN: Array<[string, string]> = [
  ['Cleaning', 'Backpedal the chain through a rag soaked in degreaser until it comes out clean.'],
  ['Common mistakes', 'Oil left on the outer plates only attracts grit that wears the sprockets.'],
];
const GUIDE_BRAKES: Array<[string, string]> = [
  ['Pads', 'Set the pads with a slight toe-in so that the brakes stop squealing.'],
  [
    'Common mistakes',
    'Spraying lubricant near the rotors ruins the pads, which must then be replaced.',
  ],
];

export interface FixtureSite {
  readonly base: string;
  readonly port: number;
  readonly requests: string[];
  close(): Promise<void>;
}

type Handler = (url: URL, req: IncomingMessage, res: ServerResponse, base: string) => boolean;

const send = (
  res: ServerResponse,
  status: number,
  type: string,
  body: string,
  headers: Record<string, string> = {},
): true => {
  res.writeHead(status, {
    'content-type': type,
    'content-length': String(Buffer.byteLength(body)),
    ...headers,
  });
  res.end(body);
  return true;
};

const json3 = JSON.stringify({
  wireMagic: 'pb3',
  events: [
    { tStartMs: 0, dDurationMs: 4000, segs: [{ utf8: 'Welcome to this Git course.' }] },
    {
      tStartMs: 4000,
      dDurationMs: 5000,
      segs: [{ utf8: 'Git is a distributed ' }, { utf8: 'version control system.' }],
    },
    {
      tStartMs: 95_000,
      dDurationMs: 5000,
      segs: [{ utf8: 'A branch is a movable pointer to a commit.' }],
    },
    { tStartMs: 200_000, dDurationMs: 5000, segs: [{ utf8: 'Create one with git switch -c.' }] },
    {
      tStartMs: 245_000,
      dDurationMs: 5000,
      segs: [{ utf8: 'Merging joins two histories &amp; keeps both.' }],
    },
  ],
});

const xmlTrack = `<?xml version="1.0" encoding="utf-8" ?><transcript>
<text start="0.5" dur="3.2">Photosynthesis turns light into chemical energy.</text>
<text start="310" dur="4">Chlorophyll absorbs red &amp;amp; blue light.</text>
<text start="650.2" dur="5">The Calvin cycle fixes carbon dioxide.</text>
</transcript>`;

const youtube: Handler = (url, _req, res, base) => {
  if (url.pathname === '/watch')
    return send(
      res,
      200,
      'text/html; charset=utf-8',
      watchPage(base, url.searchParams.get('v') ?? ''),
    );
  if (url.pathname !== '/api/timedtext') return false;
  if (
    url.searchParams.get('v') === VIDEO_WITH_CHAPTERS &&
    url.searchParams.get('lang') === 'en' &&
    url.searchParams.get('fmt') === 'json3'
  ) {
    return send(res, 200, 'application/json; charset=UTF-8', json3);
  }
  if (url.searchParams.get('v') === VIDEO_XML_NO_CHAPTERS)
    return send(res, 200, 'text/xml; charset=UTF-8', xmlTrack);
  return send(res, 404, 'text/plain', 'no such track');
};

const gdocsMarkdown = `# Onboarding Handbook\n\nWelcome to the team.\n\n## Your first week\n\nA buddy is a colleague who answers your questions.\n\n- Set up your laptop\n- Meet your buddy\n\n## Tools we use\n\n| Tool | Purpose |\n| --- | --- |\n| Git | Version control |\n\n\`\`\`bash\ngit clone https://example.test/repo.git\n\`\`\`\n`;

const gdocs: Handler = (url, _req, res) => {
  const match = /^\/document\/d\/([^/]+)\/export$/.exec(url.pathname);
  if (!match) return false;
  const format = url.searchParams.get('format');
  if (match[1] === GDOC_ID && format === 'md') {
    return send(res, 200, 'text/markdown; charset=utf-8', gdocsMarkdown, {
      'content-disposition': `attachment; filename="Onboarding Handbook.md"; filename*=UTF-8''Onboarding%20Handbook.md`,
    });
  }
  if (match[1] === GDOC_HTML_ONLY_ID) {
    if (format === 'md') return send(res, 200, 'application/octet-stream', 'binary');
    return send(
      res,
      200,
      'text/html; charset=utf-8',
      `<html><head><title>Lab Safety</title></head><body><h1>Lab Safety</h1><p>Goggles are protective eyewear worn at all times in the lab, without exception, even for short visits.</p><h2>Spills</h2><p>Report every spill to the lab manager immediately and mark the area.</p><h2>Waste</h2><p>Sort chemical waste into the labelled containers by the door.</p></body></html>`,
    );
  }
  return send(res, 404, 'text/html', '<p>not found</p>');
};

const misc: Handler = (url, _req, res) => {
  switch (url.pathname) {
    case '/blog/post':
      return send(res, 200, 'text/html; charset=utf-8', blogPage());
    case '/guides/chain':
      return send(res, 200, 'text/html; charset=utf-8', guidePage('Chain Care', GUIDE_CHAIN));
    case '/guides/brakes':
      return send(res, 200, 'text/html; charset=utf-8', guidePage('Brake Care', GUIDE_BRAKES));
    case `/Git-Basics-${NOTION_PAGE_ID}`:
      return send(res, 200, 'text/html; charset=utf-8', notionPublicPage());
    case '/redirect-to-blocked':
      res.writeHead(302, { location: 'http://metadata.internal/latest/meta-data/' }).end();
      return true;
    case '/redirect-to-post':
      res.writeHead(301, { location: '/blog/post' }).end();
      return true;
    case '/image.png':
      return send(res, 200, 'image/png', 'PNG');
    case '/big':
      return send(res, 200, 'text/html', `<p>${'x'.repeat(10_000)}</p>`);
    case '/big-chunked':
      // No content-length: the cap must hold while streaming.
      res.writeHead(200, { 'content-type': 'text/html' });
      for (let i = 0; i < 20; i += 1) res.write(`<p>${'y'.repeat(1_000)}</p>`);
      res.end();
      return true;
    case '/missing':
      return send(res, 404, 'text/html', '<h1>Not found</h1>');
  }
  const loop = /^\/loop\/(\d+)$/.exec(url.pathname);
  if (loop) {
    res.writeHead(302, { location: `/loop/${Number(loop[1]) + 1}` }).end();
    return true;
  }
  return false;
};

export async function startFixtureSite(): Promise<FixtureSite> {
  const requests: string[] = [];
  let base = '';
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', base);
    requests.push(`${req.headers.host ?? ''}${url.pathname}${url.search}`);
    for (const handler of [youtube, gdocs, notionApi, misc, hostilePages])
      if (handler(url, req, res, base)) return;
    send(res, 404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  return {
    base,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
