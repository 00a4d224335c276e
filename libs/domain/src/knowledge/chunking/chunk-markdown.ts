import type { Chunk, ChunkOptions } from './chunk.js';
import { chunkId, contentBit } from './chunk-id.js';
import { readBlocks } from './markdown-blocks.js';
import type { Block } from './markdown-blocks.js';
import { overlapTail, splitToFit } from './split-text.js';

const DEFAULT_MAX_CHARS = 1200;
const DEFAULT_OVERLAP_CHARS = 150;

interface Section {
  readonly path: string[];
  readonly blocks: Block[];
}

/** A unit the packer places whole. `continues` marks the second and later pieces of one split paragraph. */
interface Piece {
  readonly text: string;
  readonly atomic: boolean;
  readonly continues: boolean;
}

/**
 * Splits lesson markdown into search chunks. Chunks never straddle a heading, never
 * cut a fenced code block or a table (an oversized one becomes a chunk of its own),
 * and otherwise stay within `maxChars`, breaking between paragraphs, then sentences.
 * Consecutive chunks of one section share a short overlap so a passage cut at a
 * boundary is still found whole in one of them.
 */
export function chunkMarkdown(markdown: string, options: ChunkOptions): Chunk[] {
  const maxChars = Math.max(options.maxChars ?? DEFAULT_MAX_CHARS, 20);
  // An overlap past a quarter of the budget would make chunks mostly repetition.
  const overlap = Math.max(
    0,
    Math.min(options.overlapChars ?? DEFAULT_OVERLAP_CHARS, Math.floor(maxChars / 4)),
  );
  const drafts = toSections(readBlocks(markdown), options.lessonTitle).flatMap((section) =>
    packSection(section.blocks, maxChars, overlap).map((text) => ({ path: section.path, text })),
  );
  const seen = new Map<string, number>();
  return drafts.map((draft, ordinal) => {
    const base = chunkId(options.lessonId, draft.path, draft.text);
    const occurrence = seen.get(base) ?? 0;
    seen.set(base, occurrence + 1);
    const id =
      occurrence === 0 ? base : chunkId(options.lessonId, draft.path, draft.text, occurrence);
    return { id, ordinal, headingPath: draft.path, text: draft.text };
  });
}

/** Groups blocks under their heading path; a leading `# Title` equal to the lesson title is not repeated. */
function toSections(blocks: Block[], lessonTitle: string): Section[] {
  const sections: Section[] = [];
  const stack: Array<{ level: number; text: string }> = [];
  let current: Section = { path: [lessonTitle], blocks: [] };
  for (const block of blocks) {
    if (block.kind !== 'heading') {
      current.blocks.push(block);
      continue;
    }
    if (current.blocks.length > 0) sections.push(current);
    while (stack.length > 0 && (stack.at(-1)?.level ?? 0) >= block.level) stack.pop();
    const repeatsTitle =
      block.level === 1 && block.text.toLowerCase() === lessonTitle.trim().toLowerCase();
    if (block.text !== '' && !repeatsTitle) stack.push({ level: block.level, text: block.text });
    current = { path: [lessonTitle, ...stack.map((h) => h.text)], blocks: [] };
  }
  if (current.blocks.length > 0) sections.push(current);
  return sections;
}

function toPieces(blocks: Block[], maxChars: number, overlap: number): Piece[] {
  return blocks.flatMap((block): Piece[] => {
    if (block.kind !== 'text') return [{ text: block.text, atomic: true, continues: false }];
    if (block.text.length <= maxChars)
      return [{ text: block.text, atomic: false, continues: false }];
    // Leave room for the overlap that will precede each piece.
    return splitToFit(block.text, maxChars - overlap).map((text, i) => ({
      text,
      atomic: false,
      continues: i > 0,
    }));
  });
}

const render = (pieces: readonly Piece[]) =>
  pieces.map((p, i) => (i === 0 ? p.text : `${p.continues ? ' ' : '\n\n'}${p.text}`)).join('');

/**
 * Greedy packing with content-defined cut points: once a chunk is half full, a cut
 * also falls after any paragraph whose hash bit says so. Boundaries then depend on
 * nearby text only, so editing one paragraph re-aligns the chunks a few paragraphs
 * later instead of shifting every boundary to the end of the section.
 */
function packSection(blocks: Block[], maxChars: number, overlap: number): string[] {
  const chunks: string[] = [];
  let current: Piece[] = [];
  const flush = () => {
    if (current.length > 0) chunks.push(render(current));
    const last = current.at(-1);
    current = [];
    return last;
  };
  const startAfter = (previous: Piece | undefined, piece: Piece) => {
    const tail =
      previous && !previous.atomic && !piece.atomic ? overlapTail(previous.text, overlap) : '';
    const seeded = tail === '' ? [piece] : [{ text: tail, atomic: false, continues: false }, piece];
    current = render(seeded).length <= maxChars ? seeded : [piece];
  };
  let previous: Piece | undefined;
  for (const piece of toPieces(blocks, maxChars, overlap)) {
    if (current.length === 0) startAfter(previous, piece);
    else if (render([...current, piece]).length <= maxChars) current.push(piece);
    else startAfter((previous = flush()), piece);
    if (!piece.atomic && render(current).length >= maxChars / 2 && contentBit(piece.text))
      previous = flush();
  }
  flush();
  return chunks;
}
