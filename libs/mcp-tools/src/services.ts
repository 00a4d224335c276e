import type {
  createAuthoring,
  createCatalog,
  createIngest,
  createProgress,
  createReviews,
  createSearch,
  createTutor,
} from '@lumen/domain';

/**
 * The domain services the nine tools adapt. Built once by each app's composition root;
 * the tool layer adds no business logic on top of them.
 */
export interface LumenServices {
  catalog: ReturnType<typeof createCatalog>;
  reviews: ReturnType<typeof createReviews>;
  progress: ReturnType<typeof createProgress>;
  search: ReturnType<typeof createSearch>;
  tutor: ReturnType<typeof createTutor>;
  authoring: ReturnType<typeof createAuthoring>;
  ingest: ReturnType<typeof createIngest>;
}
