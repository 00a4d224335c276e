/** Any other web page: its main content as markdown, cut at its own headings. */
import { LumenError } from '../errors.js';
import type { ExtractContext } from './extract-context.js';
import { HTML_TYPES } from './extract-context.js';
import { markdownSections } from './markdown-sections.js';
import type { ExtractedSource } from './source.js';

export async function extractWebPage(
  context: ExtractContext,
  url: string,
): Promise<ExtractedSource> {
  const page = await context.fetchDocument(url, HTML_TYPES);
  const { title, markdown, site } = await context.readHtml(page.body);
  if (!markdown.trim())
    throw new LumenError('mcp.ingest.empty', 'the page has no readable content');
  return {
    kind: 'web',
    title,
    url,
    sections: markdownSections(markdown, title),
    ...(site ? { site } : {}),
  };
}
