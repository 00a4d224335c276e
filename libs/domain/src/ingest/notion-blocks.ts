/**
 * Notion API blocks → markdown. Covers the block types course material uses: headings,
 * paragraphs, bulleted / numbered / to-do lists, toggles, quotes and callouts, code,
 * dividers, equations, bookmarks and tables (whose rows are the table's children).
 * https://developers.notion.com/reference/block
 */
export interface NotionRichText {
  plain_text?: string;
  href?: string | null;
  annotations?: { bold?: boolean; italic?: boolean; strikethrough?: boolean; code?: boolean };
}

export interface NotionBlock {
  id: string;
  type: string;
  has_children?: boolean;
  /** Filled in by the fetcher for blocks with children. */
  children?: NotionBlock[];
  [type: string]: unknown;
}

interface Payload {
  rich_text?: NotionRichText[];
  language?: string;
  checked?: boolean;
  expression?: string;
  url?: string;
  cells?: NotionRichText[][];
  has_column_header?: boolean;
}

export function richText(parts: readonly NotionRichText[] | undefined): string {
  return (parts ?? [])
    .map((part) => {
      let text = part.plain_text ?? '';
      if (!text.trim()) return text;
      const a = part.annotations ?? {};
      if (a.code) text = `\`${text}\``;
      if (a.bold) text = `**${text}**`;
      if (a.italic) text = `_${text}_`;
      if (a.strikethrough) text = `~~${text}~~`;
      return part.href ? `[${text}](${part.href})` : text;
    })
    .join('');
}

const payload = (block: NotionBlock): Payload => (block[block.type] ?? {}) as Payload;

export function blocksToMarkdown(blocks: readonly NotionBlock[], indent = ''): string {
  const out: string[] = [];
  let number = 0;
  for (const block of blocks) {
    number = block.type === 'numbered_list_item' ? number + 1 : 0;
    const text = blockToMarkdown(block, indent, number);
    if (text !== undefined) out.push(text);
  }
  // List items sit on consecutive lines; everything else is separated by a blank line.
  return out.reduce((acc, text, index) => {
    if (index === 0) return text;
    const tight = isListItem(blocks[index - 1]) && isListItem(blocks[index]);
    return acc + (tight ? '\n' : '\n\n') + text;
  }, '');
}

const LIST_TYPES = new Set(['bulleted_list_item', 'numbered_list_item', 'to_do']);
const isListItem = (block: NotionBlock | undefined): boolean =>
  !!block && LIST_TYPES.has(block.type);

function blockToMarkdown(block: NotionBlock, indent: string, number: number): string | undefined {
  const data = payload(block);
  const text = richText(data.rich_text);
  const nested = (prefix: string): string => {
    const inner = block.children?.length ? blocksToMarkdown(block.children, indent + '   ') : '';
    return `${indent}${prefix}${text}${inner ? `\n${inner}` : ''}`;
  };
  switch (block.type) {
    case 'paragraph':
      return text ? indent + text : undefined;
    case 'heading_1':
    case 'heading_2':
    case 'heading_3':
      return `${'#'.repeat(Number(block.type.slice(-1)))} ${text}`;
    case 'bulleted_list_item':
      return nested('- ');
    case 'numbered_list_item':
      return nested(`${number}. `);
    case 'to_do':
      return nested(data.checked ? '- [x] ' : '- [ ] ');
    case 'toggle':
      return nested('- ');
    case 'quote':
    case 'callout':
      return `> ${text.replace(/\n/g, '\n> ')}`;
    case 'code':
      return `\`\`\`${data.language && data.language !== 'plain text' ? data.language : ''}\n${(data.rich_text ?? []).map((part) => part.plain_text ?? '').join('')}\n\`\`\``;
    case 'divider':
      return '---';
    case 'equation':
      return data.expression ? `$$\n${data.expression}\n$$` : undefined;
    case 'bookmark':
    case 'embed':
    case 'link_preview':
      return data.url ? `<${data.url}>` : undefined;
    case 'table':
      return tableToMarkdown(block.children ?? [], data.has_column_header ?? false);
    case 'column_list':
    case 'column':
    case 'synced_block':
      return block.children?.length ? blocksToMarkdown(block.children, indent) : undefined;
    default:
      return text ? indent + text : undefined;
  }
}

function tableToMarkdown(rows: readonly NotionBlock[], hasHeader: boolean): string | undefined {
  const cells = rows.map((row) =>
    (payload(row).cells ?? []).map((cell) =>
      richText(cell).replace(/\|/g, '\\|').replace(/\n/g, ' '),
    ),
  );
  const width = Math.max(0, ...cells.map((row) => row.length));
  if (width === 0) return undefined;
  const line = (row: readonly string[]): string =>
    `| ${Array.from({ length: width }, (_, i) => row[i] ?? '').join(' | ')} |`;
  // GFM tables need a header row; without one, an empty header keeps the grid.
  const header = hasHeader ? (cells[0] ?? []) : [];
  const body = hasHeader ? cells.slice(1) : cells;
  return [line(header), line(Array.from({ length: width }, () => '---')), ...body.map(line)].join(
    '\n',
  );
}
