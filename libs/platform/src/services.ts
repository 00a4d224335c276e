import type { Db } from '@lumen/db';
import type { CatalogCache, LlmCallLog, RetrievalAuditLog, TopicCheck } from '@lumen/domain';
import {
  createAuthoring,
  createCatalog,
  createEnrollments,
  createIngest,
  createLlmGateway,
  createProgress,
  createProviderFromConfig,
  createReviews,
  createSearch,
  createTutor,
} from '@lumen/domain';
import type { LumenServices } from '@lumen/mcp-tools';

import type { LumenConfig } from './config.js';
import { createEmbedderFromConfig } from './embedder-config.js';

export interface AppServices extends LumenServices {
  enrollments: ReturnType<typeof createEnrollments>;
}

/**
 * Builds every domain service once, from validated configuration. With a
 * `catalogCache`, listings are remembered between calls and the services that change
 * the catalog drop them as they write.
 */
export function createServices(
  db: Db,
  config: LumenConfig,
  extras: {
    catalogCache?: CatalogCache | undefined;
    /** Batched retrieval audits (see server.ts); default one INSERT per search. */
    retrievalAudits?: RetrievalAuditLog | undefined;
    /** Batched model-call rows, used while no budget is set; default a reservation per call. */
    llmCalls?: LlmCallLog | undefined;
    /** Called after authoring or ingest wrote lessons (the embedding backfill's kick). */
    onLessonsChange?: (() => void) | undefined;
    /** The tutor's topic check (startTopicCheck); without one the lexical gate decides alone. */
    topicCheck?: TopicCheck | undefined;
  } = {},
): AppServices {
  const { catalogCache, onLessonsChange } = extras;
  const onCatalogChange = catalogCache ? () => catalogCache.clear() : undefined;
  const onLessonsWritten =
    onLessonsChange || onCatalogChange
      ? () => {
          onCatalogChange?.();
          onLessonsChange?.();
        }
      : undefined;
  const provider = createProviderFromConfig({
    provider: config.llm.provider,
    apiKey: config.llm.apiKey,
    model: config.llm.model,
    baseUrl: config.llm.baseUrl,
  });
  const gateway = createLlmGateway({ db, provider, budgetUsd24h: config.llm.budgetUsd24h });
  // The tutor runs on every question, so its calls go to the batched log when there is
  // one; authoring and ingest (rare, long model calls) keep the row-per-call path.
  const tutorGateway = extras.llmCalls
    ? createLlmGateway({
        db,
        provider,
        budgetUsd24h: config.llm.budgetUsd24h,
        calls: extras.llmCalls,
      })
    : gateway;
  const embedder = createEmbedderFromConfig(config);
  const search = createSearch({ db, embedder, audits: extras.retrievalAudits });
  return {
    catalog: createCatalog({ db, cache: catalogCache }),
    enrollments: createEnrollments({ db, onCatalogChange }),
    reviews: createReviews({ db, ...config.fsrs }),
    progress: createProgress({ db }),
    search,
    tutor: createTutor({
      db,
      search,
      gateway: tutorGateway,
      topicCheck: extras.topicCheck,
    }),
    authoring: createAuthoring({ db, gateway, onCatalogChange: onLessonsWritten }),
    ingest: createIngest({
      db,
      gateway,
      onCatalogChange: onLessonsWritten,
      allowHosts: config.ingest.allowHosts,
      notionToken: config.ingest.notionToken,
    }),
  };
}
