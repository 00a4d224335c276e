/**
 * Notion pages. With an integration token, the page is read through the Notion API
 * (`GET /v1/pages/{id}` for the title, `GET /v1/blocks/{id}/children`, paginated, for
 * the content); without one, the public page's HTML is read like any web page.
 */
import { LumenError } from '../errors.js';
import type { ExtractContext } from './extract-context.js';
import { HTML_TYPES } from './extract-context.js';
import { markdownSections } from './markdown-sections.js';
import type { NotionBlock, NotionRichText } from './notion-blocks.js';
import { blocksToMarkdown, richText } from './notion-blocks.js';
import type { ExtractedSource } from './source.js';

/** The API version whose block shapes notion-blocks.ts reads. */
export const NOTION_VERSION = '2022-06-28';
const MAX_DEPTH = 3;
const MAX_PAGES = 50;

export interface NotionAccess {
  readonly token?: string | undefined;
  readonly apiBase: string;
}

export async function extractNotion(
  context: ExtractContext,
  pageId: string,
  url: string,
  access: NotionAccess,
): Promise<ExtractedSource> {
  if (!access.token) {
    const page = await context.fetchDocument(url, HTML_TYPES);
    const { title, markdown } = await context.readHtml(page.body);
    return { kind: 'notion', title, url, sections: markdownSections(markdown, title) };
  }
  const api = notionApi(context, access);
  const page = (await api(`/v1/pages/${pageId}`)) as {
    properties?: Record<string, { type?: string; title?: NotionRichText[] }>;
  };
  const titleProperty = Object.values(page.properties ?? {}).find(
    (property) => property.type === 'title',
  );
  const title =
    richText(titleProperty?.title)
      .replace(/[*_`~]/g, '')
      .trim() || 'Untitled Notion page';
  const blocks = await children(api, pageId, 0);
  const markdown = blocksToMarkdown(blocks);
  if (!markdown.trim())
    throw new LumenError('mcp.ingest.empty', 'the Notion page has no content to import');
  return { kind: 'notion', title, url, sections: markdownSections(markdown, title) };
}

type Api = (path: string) => Promise<unknown>;

function notionApi(context: ExtractContext, access: NotionAccess): Api {
  return async (path) => {
    const document = await context.fetchDocument(`${access.apiBase}${path}`, ['application/json'], {
      authorization: `Bearer ${access.token}`,
      'notion-version': NOTION_VERSION,
    });
    return JSON.parse(document.body) as unknown;
  };
}

interface ChildrenPage {
  results?: NotionBlock[];
  has_more?: boolean;
  next_cursor?: string | null;
}

async function children(api: Api, blockId: string, depth: number): Promise<NotionBlock[]> {
  const blocks: NotionBlock[] = [];
  let cursor: string | null | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const query = `page_size=100${cursor ? `&start_cursor=${encodeURIComponent(cursor)}` : ''}`;
    const result = (await api(`/v1/blocks/${blockId}/children?${query}`)) as ChildrenPage;
    blocks.push(...(result.results ?? []));
    if (!result.has_more || !result.next_cursor) break;
    cursor = result.next_cursor;
  }
  if (depth < MAX_DEPTH) {
    for (const block of blocks) {
      // Sub-pages are separate documents; everything else nests content we want.
      if (block.has_children && block.type !== 'child_page' && block.type !== 'child_database') {
        block.children = await children(api, block.id, depth + 1);
      }
    }
  }
  return blocks;
}
