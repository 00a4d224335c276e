/** The messages between the ingest and its HTML worker (html-worker-main.ts). */
import type { HtmlLimits } from './html-limits.js';

export interface HtmlWorkerRequest {
  readonly html: string;
  readonly limits: Pick<HtmlLimits, 'maxDepth' | 'maxElements'>;
}

export type HtmlWorkerReply =
  | {
      readonly kind: 'page';
      readonly title: string;
      readonly markdown: string;
      readonly site: string;
    }
  | { readonly kind: 'too_complex'; readonly message: string };
