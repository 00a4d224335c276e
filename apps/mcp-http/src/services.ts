import type { Db } from '@lumen/db';
import {
  createAuthoring,
  createCatalog,
  createEnrollments,
  createIngest,
  createLlmGateway,
  createOpenAiEmbedder,
  createProgress,
  createProviderFromConfig,
  createReviews,
  createSearch,
  createTutor,
} from '@lumen/domain';
import type { LumenServices } from '@lumen/mcp-tools';

import type { LumenConfig } from './config.js';

export interface AppServices extends LumenServices {
  enrollments: ReturnType<typeof createEnrollments>;
}

/** Builds every domain service once, from validated configuration. */
export function createServices(db: Db, config: LumenConfig): AppServices {
  const provider = createProviderFromConfig({
    provider: config.llm.provider,
    apiKey: config.llm.apiKey,
    model: config.llm.model,
    baseUrl: config.llm.baseUrl,
  });
  const gateway = createLlmGateway({ db, provider, budgetUsd24h: config.llm.budgetUsd24h });
  const embedder = config.embeddings
    ? createOpenAiEmbedder({
        baseUrl: config.embeddings.baseUrl,
        apiKey: config.embeddings.apiKey,
        model: config.embeddings.model,
      })
    : undefined;
  const search = createSearch({ db, embedder });
  return {
    catalog: createCatalog({ db }),
    enrollments: createEnrollments({ db }),
    reviews: createReviews({ db, ...config.fsrs }),
    progress: createProgress({ db }),
    search,
    tutor: createTutor({ db, search, gateway }),
    authoring: createAuthoring({ db, gateway }),
    ingest: createIngest({
      db,
      gateway,
      allowHosts: config.ingest.allowHosts,
      notionToken: config.ingest.notionToken,
    }),
  };
}
