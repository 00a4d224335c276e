/**
 * Test support: pages built to hurt a parser (issue 17), served by the fixture site.
 * /hostile/deep/<n>: <n> nested <div>s around one paragraph (5,000 is about 55 KB and
 * used to hold the event loop for minutes); /hostile/wide/<n>: <n> sibling paragraphs;
 * /hostile/body/<name>: bodies with no HTML element in them; /hostile/redirect?to=<url>:
 * a redirect anywhere.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

const PARAGRAPH =
  'A hostile page still reads like an article to a careless parser, which is the point. ';

export function deepPage(depth: number): string {
  return (
    `<!doctype html><html><head><title>Deep</title></head><body>` +
    `${'<div>'.repeat(depth)}<p>${PARAGRAPH.repeat(4)}</p>${'</div>'.repeat(depth)}` +
    `</body></html>`
  );
}

export function widePage(elements: number): string {
  return `<!doctype html><html><body>${'<p>x</p>'.repeat(elements)}</body></html>`;
}

/** Bodies served as HTML that hold no element at all, or an empty XHTML document. */
export const NO_HTML_BODIES: Readonly<Record<string, readonly [string, string]>> = {
  empty: ['text/html', ''],
  whitespace: ['text/html', ' \r\n\t \n'],
  'plain-text': ['text/html', 'Just a sentence of plain text, with no markup around it at all.'],
  'comment-only': ['text/html', '<!-- nothing to see here -->'],
  'xhtml-prolog': [
    'application/xhtml+xml',
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n',
  ],
  'xhtml-empty-root': [
    'application/xhtml+xml',
    '<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"/>',
  ],
};

const html = (res: ServerResponse, type: string, body: string): true => {
  res.writeHead(200, {
    'content-type': `${type}; charset=utf-8`,
    'content-length': String(Buffer.byteLength(body)),
  });
  res.end(body);
  return true;
};

export function hostilePages(url: URL, _req: IncomingMessage, res: ServerResponse): boolean {
  const [, area, kind, arg] = url.pathname.split('/');
  if (area !== 'hostile') return false;
  if (kind === 'deep') return html(res, 'text/html', deepPage(Number(arg)));
  if (kind === 'wide') return html(res, 'text/html', widePage(Number(arg)));
  const body = kind === 'body' && arg ? NO_HTML_BODIES[arg] : undefined;
  if (body) return html(res, body[0], body[1]);
  if (kind === 'redirect') {
    res.writeHead(302, { location: url.searchParams.get('to') ?? '/' }).end();
    return true;
  }
  return false;
}
