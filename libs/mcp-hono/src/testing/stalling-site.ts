/**
 * Test support: a loopback web page for ingest fault tests. In 'stall' mode it sends
 * the headers and the first part of an article, then never finishes, so the ingest is
 * caught mid-fetch; in 'full' mode it serves a long article at once, so the ingest
 * goes on to write a large draft.
 */
import { createServer } from 'node:http';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const STALLING_TITLE = 'Estuaries: Where Rivers Meet the Sea';

function section(n: number): string {
  const sentence =
    `Section ${n} explains how fresh river water and salt sea water mix in an estuary, ` +
    'how the mixing changes with the tide, and why the brackish water shelters young fish. ';
  return `<h2>Part ${n}: mixing waters</h2>\n<p>${sentence.repeat(4)}</p>\n`;
}

export function articleHtml(sections: number): string {
  const body = Array.from({ length: sections }, (_, i) => section(i + 1)).join('');
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${STALLING_TITLE}</title></head>` +
    `<body><article><h1>${STALLING_TITLE}</h1>\n${body}</article></body></html>`
  );
}

export interface StallingSite {
  url: string;
  /** Resolves when the first request for the page has been answered in part (stall) or in full. */
  served: Promise<void>;
  /** Resolves when a client hangs up on a page it had not received in full (stall mode). */
  abandoned: Promise<void>;
  close(): Promise<void>;
}

export async function startStallingSite(
  mode: 'stall' | 'full',
  sections = 60,
): Promise<StallingSite> {
  const html = articleHtml(sections);
  const open = new Set<ServerResponse>();
  let markServed: () => void = () => undefined;
  const served = new Promise<void>((resolve) => (markServed = resolve));
  let markAbandoned: () => void = () => undefined;
  const abandoned = new Promise<void>((resolve) => (markAbandoned = resolve));
  const server = createServer((_req, res) => {
    open.add(res);
    res.on('close', () => {
      if (!res.writableFinished) markAbandoned();
    });
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    if (mode === 'full') {
      res.end(html, () => markServed());
    } else {
      // Half the page, then silence: the client keeps waiting for the rest.
      res.write(html.slice(0, html.length >> 1), () => markServed());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/estuaries`,
    served,
    abandoned,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of open) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
