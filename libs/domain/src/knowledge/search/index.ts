/** Course-scoped lesson search, for use inside @lumen/domain. */
export { createSearch } from './create-search.js';
export type { SearchOptions } from './create-search.js';
export type { Search, SearchHit, SearchInput, SearchResult } from './search-types.js';
export { createOpenAiEmbedder } from './embedder.js';
export type { Embedder, OpenAiEmbedderOptions } from './embedder.js';
export { reindexCourse, reindexLesson } from './reindex-lesson.js';
export type { PrismaOrTransaction, ReindexOptions, ReindexResult } from './reindex-lesson.js';
export { createEmbeddingBackfill } from './embedding-backfill.js';
export type { EmbeddingBackfill, EmbeddingBackfillOptions } from './embedding-backfill.js';
