/**
 * A small block-level reader for the markdown our lessons use: ATX headings, fenced
 * code, GFM tables and everything else as text paragraphs. It only has to find where
 * blocks start and end (CommonMark §4.2, §4.5; GFM §4.10), never render them.
 */
export type Block =
  | { readonly kind: 'heading'; readonly level: number; readonly text: string }
  | { readonly kind: 'code' | 'table' | 'text'; readonly text: string };

const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;
const TABLE_DELIMITER = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

const isBlank = (line: string) => line.trim() === '';

/** Splits markdown into blocks, in document order. */
export function readBlocks(markdown: string): Block[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (isBlank(line)) {
      i += 1;
      continue;
    }
    const heading = ATX_HEADING.exec(line);
    if (heading) {
      blocks.push({
        kind: 'heading',
        level: heading[1]?.length ?? 1,
        text: (heading[2] ?? '').trim(),
      });
      i += 1;
      continue;
    }
    const kind = FENCE_OPEN.test(line) ? 'code' : isTableStart(lines, i) ? 'table' : 'text';
    const end =
      kind === 'code'
        ? fenceEnd(lines, i)
        : kind === 'table'
          ? tableEnd(lines, i)
          : paragraphEnd(lines, i);
    blocks.push({ kind, text: lines.slice(i, end).join('\n').trimEnd() });
    i = end;
  }
  return blocks;
}

/** Index after the closing fence; an unclosed fence runs to the end (CommonMark §4.5). */
function fenceEnd(lines: string[], start: number): number {
  const open = FENCE_OPEN.exec(lines[start] ?? '')?.[1] ?? '```';
  const close = new RegExp(`^ {0,3}${open[0] === '`' ? '`' : '~'}{${open.length},}[ \\t]*$`);
  for (let i = start + 1; i < lines.length; i += 1) {
    if (close.test(lines[i] ?? '')) return i + 1;
  }
  return lines.length;
}

function isTableStart(lines: string[], i: number): boolean {
  const header = lines[i] ?? '';
  const delimiter = lines[i + 1] ?? '';
  return header.includes('|') && delimiter.includes('-') && TABLE_DELIMITER.test(delimiter);
}

/** A table ends at the first blank line or line without a pipe (GFM §4.10). */
function tableEnd(lines: string[], start: number): number {
  let i = start + 2;
  while (i < lines.length && !isBlank(lines[i] ?? '') && (lines[i] ?? '').includes('|')) i += 1;
  return i;
}

/** A paragraph (or list) runs to a blank line or the start of another block kind. */
function paragraphEnd(lines: string[], start: number): number {
  let i = start + 1;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (isBlank(line) || ATX_HEADING.test(line) || FENCE_OPEN.test(line) || isTableStart(lines, i))
      break;
    i += 1;
  }
  return i;
}
