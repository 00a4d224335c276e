/**
 * Test support: a loopback web server of pages built to hurt an importer (issue 17):
 * /deep/<n> nests <n> <div>s around one paragraph (5,000 is about 55 KB and used to
 * hold the server's event loop for minutes), /body/empty and /body/text hold no HTML
 * element, /redirect?to=<url> redirects anywhere, and /article is an ordinary page.
 */
import { createServer } from 'node:http';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const HOSTILE_ARTICLE_TITLE = 'Salt Marshes';

const sentence =
  'Salt marshes are coastal grasslands flooded by the tide, sheltering fish and birds. ';

const pages: Record<string, () => string> = {
  '/article': () =>
    `<!doctype html><html><head><title>${HOSTILE_ARTICLE_TITLE}</title></head><body><article>` +
    `<h1>${HOSTILE_ARTICLE_TITLE}</h1><p>${sentence.repeat(5)}</p></article></body></html>`,
  '/body/empty': () => '',
  '/body/text': () => 'Only a sentence of plain text, served as HTML.',
};

const deepPage = (depth: number) =>
  `<html><body>${'<div>'.repeat(depth)}<p>${sentence.repeat(3)}</p>${'</div>'.repeat(depth)}</body></html>`;

const send = (res: ServerResponse, body: string) => {
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
  });
  res.end(body);
};

export interface HostileSite {
  readonly base: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startHostileSite(): Promise<HostileSite> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://hostile.test');
    const deep = /^\/deep\/(\d+)$/.exec(url.pathname);
    const page = pages[url.pathname];
    if (deep) send(res, deepPage(Number(deep[1])));
    else if (page) send(res, page());
    else if (url.pathname === '/redirect')
      res.writeHead(302, { location: url.searchParams.get('to') ?? '/' }).end();
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
