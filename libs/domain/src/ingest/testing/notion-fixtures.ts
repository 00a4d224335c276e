/**
 * Test support: the Notion API's page and block-children endpoints
 * (developers.notion.com/reference/get-block-children), with pagination and nested
 * table rows, answering only requests that carry the token and a Notion-Version.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

const PAGE = '01234567-89ab-cdef-0123-456789abcdef';
const TABLE = 'tttttttt-0000-0000-0000-000000000001';
const LIST = 'llllllll-0000-0000-0000-000000000002';

const text = (content: string, annotations: Record<string, boolean> = {}) => ({
  type: 'text',
  text: { content, link: null },
  annotations: {
    bold: false,
    italic: false,
    strikethrough: false,
    underline: false,
    code: false,
    color: 'default',
    ...annotations,
  },
  plain_text: content,
  href: null,
});

const block = (id: string, type: string, body: Record<string, unknown>, hasChildren = false) => ({
  object: 'block',
  id,
  type,
  has_children: hasChildren,
  archived: false,
  [type]: body,
});

const firstPage = [
  block('b1', 'heading_1', { rich_text: [text('Variables')], is_toggleable: false }),
  block('b2', 'paragraph', {
    rich_text: [
      text('A variable is a named place to keep a value. '),
      text('Name them well.', { bold: true }),
    ],
  }),
  block(LIST, 'bulleted_list_item', { rich_text: [text('let declares a variable')] }, true),
  block('b4', 'bulleted_list_item', { rich_text: [text('const declares a constant')] }),
];

const secondPage = [
  block('b5', 'code', { rich_text: [text('let total = 0;\ntotal += 1;')], language: 'javascript' }),
  block('b6', 'heading_1', { rich_text: [text('Loops')] }),
  block('b7', 'quote', { rich_text: [text('Loops repeat work until a condition changes.')] }),
  block('b8', 'numbered_list_item', { rich_text: [text('for loops count')] }),
  block('b9', 'numbered_list_item', { rich_text: [text('while loops wait')] }),
  block(TABLE, 'table', { table_width: 2, has_column_header: true, has_row_header: false }, true),
];

const tableRows = [
  block('r1', 'table_row', { cells: [[text('Loop')], [text('Use')]] }),
  block('r2', 'table_row', { cells: [[text('for')], [text('known count')]] }),
];

const listChildren = [
  block('c1', 'bulleted_list_item', { rich_text: [text('block scoped', { italic: true })] }),
];

const list = (results: unknown[], nextCursor: string | null) => ({
  object: 'list',
  results,
  next_cursor: nextCursor,
  has_more: nextCursor !== null,
  type: 'block',
  block: {},
});

function reply(res: ServerResponse, status: number, body: unknown): true {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(payload)),
  });
  res.end(payload);
  return true;
}

export function notionApi(url: URL, req: IncomingMessage, res: ServerResponse): boolean {
  if (!url.pathname.startsWith('/v1/')) return false;
  if (
    req.headers.authorization !== 'Bearer secret_notion_loopback' ||
    !req.headers['notion-version']
  ) {
    return reply(res, 401, {
      object: 'error',
      status: 401,
      code: 'unauthorized',
      message: 'API token is invalid.',
    });
  }
  if (url.pathname === `/v1/pages/${PAGE}`) {
    return reply(res, 200, {
      object: 'page',
      id: PAGE,
      properties: { title: { id: 'title', type: 'title', title: [text('JavaScript Basics')] } },
    });
  }
  const children = /^\/v1\/blocks\/([^/]+)\/children$/.exec(url.pathname)?.[1];
  if (children === PAGE) {
    return reply(
      res,
      200,
      url.searchParams.get('start_cursor') === 'cursor-2'
        ? list(secondPage, null)
        : list(firstPage, 'cursor-2'),
    );
  }
  if (children === TABLE) return reply(res, 200, list(tableRows, null));
  if (children === LIST) return reply(res, 200, list(listChildren, null));
  return reply(res, 404, {
    object: 'error',
    status: 404,
    code: 'object_not_found',
    message: 'Not found.',
  });
}
