/** Lesson chunking and (re-)indexing, for use inside @lumen/domain. */
export { chunkMarkdown } from './chunk-markdown.js';
export type { Chunk, ChunkOptions } from './chunk.js';
export { reindexCourse, reindexLesson } from '../search/reindex-lesson.js';
export type {
  PrismaOrTransaction,
  ReindexOptions,
  ReindexResult,
} from '../search/reindex-lesson.js';
