import { createOpenAiEmbedder } from '@lumen/domain';
import type { Embedder } from '@lumen/domain';

import type { LumenConfig } from './config.js';

/**
 * The embeddings provider of EMBEDDINGS_BASE_URL/_MODEL/_API_KEY, if one is configured.
 * A module of its own: the stdio server loads the background jobs before its transport
 * connects, and importing services.ts from there would pull every domain service (and
 * the database client) onto that path.
 */
export function createEmbedderFromConfig(config: LumenConfig): Embedder | undefined {
  return config.embeddings
    ? createOpenAiEmbedder({
        baseUrl: config.embeddings.baseUrl,
        apiKey: config.embeddings.apiKey,
        model: config.embeddings.model,
      })
    : undefined;
}
