/**
 * What every extractor gets: a vetted fetch and a bounded HTML reader, both throwing
 * the ingest error codes.
 */
import type { PageMarkdown } from './html-to-markdown.js';
import type { FetchedDocument } from './safe-fetch.js';

export interface ExtractContext {
  fetchDocument(
    url: string,
    accept: readonly string[],
    headers?: Readonly<Record<string, string>>,
  ): Promise<FetchedDocument>;
  /** A page's title and main content as markdown, read off the main thread within limits. */
  readHtml(html: string): Promise<PageMarkdown>;
}

export const HTML_TYPES = ['text/html', 'application/xhtml+xml'] as const;
