/** One searchable piece of a lesson. */
export interface Chunk {
  /** Content-derived and stable: unchanged text under an unchanged heading keeps its id. */
  readonly id: string;
  /** Position within the lesson, from 0. */
  readonly ordinal: number;
  /** The lesson title first, then the markdown headings the chunk sits under. */
  readonly headingPath: string[];
  readonly text: string;
}

export interface ChunkOptions {
  readonly lessonId: string;
  readonly lessonTitle: string;
  /** Upper bound on a chunk's length, except for a single oversized code block or table. */
  readonly maxChars?: number;
  /** How much of a chunk's tail is repeated at the start of the next chunk of the same section. */
  readonly overlapChars?: number;
}
