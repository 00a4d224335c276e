/**
 * Test support: the real domain services on a test database (noop LLM, no FSRS fuzz),
 * as the apps compose them, for suites that drive the MCP server in memory.
 */
import type { Db } from '@lumen/db';
import {
  createAuthoring,
  createCatalog,
  createIngest,
  createLlmGateway,
  createNoopProvider,
  createProgress,
  createReviews,
  createSearch,
  createTutor,
} from '@lumen/domain';

import type { LumenServices } from '../services.js';

export function realServices(db: Db): LumenServices {
  const gateway = createLlmGateway({ db, provider: createNoopProvider() });
  const search = createSearch({ db });
  return {
    catalog: createCatalog({ db }),
    reviews: createReviews({ db, enableFuzz: false }),
    progress: createProgress({ db }),
    search,
    tutor: createTutor({ db, search, gateway }),
    authoring: createAuthoring({ db, gateway }),
    ingest: createIngest({ db, gateway }),
  };
}
