/** What every extractor gets: a vetted fetch that throws the ingest error codes. */
import type { FetchedDocument } from './safe-fetch.js';

export interface ExtractContext {
  fetchDocument(
    url: string,
    accept: readonly string[],
    headers?: Readonly<Record<string, string>>,
  ): Promise<FetchedDocument>;
}

export const HTML_TYPES = ['text/html', 'application/xhtml+xml'] as const;
