/**
 * The HTML worker's entry: reads one page off the main thread, so that however long a
 * hostile page takes, other requests keep being served (read-html-page.ts spawns it and
 * ends it at the time limit). tools/gen-html-worker.mjs bundles this file with its npm
 * packages into html-worker.generated.ts, so the worker needs no files at run time.
 */
import { parentPort } from 'node:worker_threads';

import { prescanHtml } from './html-prescan.js';
import { htmlToMarkdown } from './html-to-markdown.js';
import type { HtmlWorkerReply, HtmlWorkerRequest } from './html-worker-protocol.js';

function read(request: HtmlWorkerRequest): HtmlWorkerReply {
  const scan = prescanHtml(request.html, request.limits);
  if (!scan.ok) return { kind: 'too_complex', message: scan.message };
  try {
    return { kind: 'page', ...htmlToMarkdown(request.html) };
  } catch (error) {
    // The limits keep the recursion of Readability and Turndown shallow; should a page
    // still exhaust the stack, it is too complex rather than a fault of the server.
    if (error instanceof RangeError)
      return { kind: 'too_complex', message: 'the page is too deeply structured to read' };
    throw error;
  }
}

parentPort?.once('message', (request: HtmlWorkerRequest) => {
  parentPort?.postMessage(read(request));
});
