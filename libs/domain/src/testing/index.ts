/** Test helpers for Lumen's services (source only, not in the published package). */
export {
  fakeVector,
  serveHtml,
  startLoopbackEmbeddings,
  UPKEEP_PAGE,
} from '../knowledge/search/testing/loopback-embeddings.js';
export type {
  EmbeddingRequest,
  LoopbackEmbeddings,
} from '../knowledge/search/testing/loopback-embeddings.js';
