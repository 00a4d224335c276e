/**
 * Google Docs shared by link: Google's own export endpoint gives markdown
 * (`/export?format=md`); when that is refused the HTML export is converted instead.
 * A document that is not link-shared redirects to a sign-in page, which is refused.
 */
import { LumenError, isLumenError } from '../errors.js';
import type { ExtractContext } from './extract-context.js';
import { HTML_TYPES } from './extract-context.js';
import { markdownSections } from './markdown-sections.js';
import type { FetchedDocument } from './safe-fetch.js';
import type { ExtractedSource } from './source.js';

const MARKDOWN_TYPES = ['text/markdown', 'text/x-markdown', 'text/plain'];

export async function extractGoogleDoc(
  context: ExtractContext,
  documentId: string,
  gdocsBase: string,
  url: string,
): Promise<ExtractedSource> {
  const exportUrl = `${gdocsBase}/document/d/${encodeURIComponent(documentId)}/export?format=`;
  let markdown: string;
  let document: FetchedDocument;
  try {
    document = await context.fetchDocument(`${exportUrl}md`, MARKDOWN_TYPES);
    refuseSignIn(document, gdocsBase);
    markdown = document.body.replace(/\r\n/g, '\n');
  } catch (error) {
    if (!isLumenError(error) || error.code !== 'mcp.ingest.unsupported_content') throw error;
    document = await context.fetchDocument(`${exportUrl}html`, HTML_TYPES);
    refuseSignIn(document, gdocsBase);
    markdown = (await context.readHtml(document.body)).markdown;
  }
  if (!markdown.trim()) throw new LumenError('mcp.ingest.empty', 'the Google Doc is empty');
  const title = fileTitle(document) ?? /^#\s+(.+)$/m.exec(markdown)?.[1]?.trim() ?? 'Google Doc';
  return { kind: 'gdocs', title, url, sections: markdownSections(markdown, title) };
}

function refuseSignIn(document: FetchedDocument, gdocsBase: string): void {
  if (new URL(document.url).host !== new URL(gdocsBase).host) {
    throw new LumenError(
      'mcp.ingest.fetch_failed',
      'the Google Doc is not shared by link (the export asked for a sign-in)',
    );
  }
}

/** The export's file name (RFC 6266 Content-Disposition), without its extension. */
function fileTitle(document: FetchedDocument): string | undefined {
  const header = String(document.headers['content-disposition'] ?? '');
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  const plain = /filename="([^"]+)"/i.exec(header)?.[1];
  let name: string | undefined;
  try {
    name = extended ? decodeURIComponent(extended) : plain;
  } catch {
    name = plain;
  }
  return name?.replace(/\.(md|html|txt)$/i, '').trim() || undefined;
}
