/**
 * Reads a fetched page to markdown in a worker thread (html-worker-main.ts), one worker
 * per page. The event loop that serves every other request only hands the text over and
 * waits: a page over the depth or element limits is refused by the worker's pre-scan
 * before any DOM is built, and one that is still reading at the time limit (or whose
 * caller cancels) has its worker terminated, which V8 honours even mid-computation.
 */
import { Worker } from 'node:worker_threads';

import { LumenError } from '../errors.js';
import type { HtmlLimits } from './html-limits.js';
import type { PageMarkdown } from './html-to-markdown.js';
import { htmlWorkerGzip } from './html-worker.generated.js';
import type { HtmlWorkerReply, HtmlWorkerRequest } from './html-worker-protocol.js';

export type HtmlPageReader = (html: string, signal?: AbortSignal) => Promise<PageMarkdown>;

const tooComplex = (message: string) =>
  new LumenError('mcp.ingest.too_complex', `${message}; it was not imported`);

/** Heap and stack for one page: a 5 MiB page's DOM fits well inside. */
const RESOURCE_LIMITS = { maxOldGenerationSizeMb: 512, stackSizeMb: 4 };

/**
 * The worker's own first step: unpack the bundled worker script and run it as the
 * CommonJS script it is. Unpacking there keeps even that work off the main thread.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
const source = require('node:zlib').gunzipSync(workerData.script).toString('utf8');
const run = require('node:vm').runInThisContext(
  '(function (require, module, exports) {' + source + '\\n})',
  { filename: 'lumen-html-worker.cjs' },
);
const module_ = { exports: {} };
run(require, module_, module_.exports);
`;

let script: Uint8Array | undefined;

// A worker inherits the process's flags; `--input-type=module` (a process started with
// `node --input-type=module -e …`) would run the CommonJS bootstrap as a module.
const workerFlags = () => process.execArgv.filter((flag) => !flag.startsWith('--input-type'));

export function createHtmlPageReader(limits: HtmlLimits): HtmlPageReader {
  return (html, signal) =>
    new Promise<PageMarkdown>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new LumenError('mcp.cancelled', 'the request was cancelled'));
        return;
      }
      // `stdout: true` keeps anything a library prints off the process's stdout, which
      // carries the MCP protocol in the stdio server.
      script ??= Buffer.from(htmlWorkerGzip, 'base64');
      const worker = new Worker(BOOTSTRAP, {
        eval: true,
        workerData: { script },
        execArgv: workerFlags(),
        stdout: true,
        resourceLimits: RESOURCE_LIMITS,
      });
      worker.stdout.resume();
      let settled = false;
      const finish = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        void worker.terminate();
        outcome();
      };
      const timer = setTimeout(
        () =>
          finish(() =>
            reject(tooComplex(`the page took longer than ${limits.timeoutMs} ms to read`)),
          ),
        limits.timeoutMs,
      );
      const onAbort = () =>
        finish(() => reject(new LumenError('mcp.cancelled', 'the request was cancelled')));
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.once('message', (reply: HtmlWorkerReply) =>
        finish(() =>
          reply.kind === 'page'
            ? resolve({ title: reply.title, markdown: reply.markdown, site: reply.site })
            : reject(tooComplex(reply.message)),
        ),
      );
      worker.once('error', (error: Error & { code?: string }) =>
        finish(() =>
          reject(
            error.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? tooComplex('the page needs more memory to read than an import may use')
              : error,
          ),
        ),
      );
      worker.once('exit', () =>
        finish(() => reject(new Error('the HTML worker stopped without an answer'))),
      );
      const request: HtmlWorkerRequest = {
        html,
        limits: { maxDepth: limits.maxDepth, maxElements: limits.maxElements },
      };
      worker.postMessage(request);
    });
}
