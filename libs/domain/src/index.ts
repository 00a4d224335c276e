/**
 * @lumen/domain — Lumen's learning services: catalog and syllabus, enrolment, FSRS-6
 * reviews, progress and mastery, lesson chunking and search, the course tutor, the
 * metered LLM gateway, AI authoring and ingest. Plain TypeScript over @lumen/db;
 * no transport knows anything here.
 */
export { LumenError, isLumenError } from './errors.js';
export type { LumenErrorCode } from './errors.js';
export type { Actor, Role } from './actor.js';
export {
  assertStorableText,
  findUnstorableText,
  unstorableTextProblem,
  unstorableTextReason,
} from './text/storable-text.js';
export type { UnstorableTextFinding, UnstorableTextReason } from './text/storable-text.js';

// --- learning core (catalog, enrolment, reviews, progress) ---
export {
  CATALOG_CHANNEL,
  createCatalog,
  createCatalogCache,
  courseSearchText,
} from './catalog/index.js';
export type {
  Catalog,
  CatalogCache,
  CatalogCacheOptions,
  CatalogOptions,
  CourseDetail,
  CoursePage,
  CourseStatusName,
  CourseSummary,
  LessonCard,
  LessonDetail,
  ListCoursesInput,
  SizedLesson,
  SlugSuggestions,
  SubjectRef,
  SyllabusCourse,
  SyllabusLesson,
  SyllabusModule,
  SyllabusPage,
} from './catalog/index.js';
export { createEnrollments } from './enrollment/index.js';
export type {
  EnrollResult,
  Enrollments,
  EnrollmentsOptions,
  LessonCompletionResult,
} from './enrollment/index.js';
export {
  createFsrsRsOptimizer,
  createParameterRefitter,
  createReviews,
  fitUserParameters,
  fitUsers,
  FSRS_RS_OPTIMIZER,
  OptimizerUnavailableError,
  MIN_REVIEWS,
  toCardHistories,
  toTimedItems,
} from './reviews/index.js';
export type {
  CardHistory,
  FitMetrics,
  FitOutcome,
  FitParametersOptions,
  FsrsOptimizer,
  HeldOut,
  HistoryReview,
  LoggedReview,
  ParameterRefitter,
  ParameterRefitterOptions,
  TimedItem,
  UserFit,
  CardStateName,
  DueCard,
  GradeInput,
  GradeResult,
  ListDueInput,
  NextInterval,
  Reviews,
  ReviewsOptions,
} from './reviews/index.js';
export { createProgress } from './progress/index.js';
export type { CourseProgress, Progress, ProgressOptions, ScheduleInfo } from './progress/index.js';

// --- knowledge (chunking, search, llm gateway, tutor) ---
export { chunkMarkdown } from './knowledge/chunking/chunk-markdown.js';
export type { Chunk, ChunkOptions } from './knowledge/chunking/chunk.js';
export { reindexLesson, reindexCourse } from './knowledge/search/reindex-lesson.js';
export type {
  PrismaOrTransaction,
  ReindexOptions,
  ReindexResult,
} from './knowledge/search/reindex-lesson.js';
export { createSearch } from './knowledge/search/create-search.js';
export type { SearchOptions } from './knowledge/search/create-search.js';
export type {
  Search,
  SearchHit,
  SearchInput,
  SearchResult,
} from './knowledge/search/search-types.js';
export { createOpenAiEmbedder } from './knowledge/search/embedder.js';
export type { Embedder, OpenAiEmbedderOptions } from './knowledge/search/embedder.js';
export { createEmbeddingBackfill } from './knowledge/search/embedding-backfill.js';
export { embedPendingChunks } from './knowledge/search/embed-chunks.js';
export { startPeriodicJob } from './periodic-job.js';
export type { PeriodicJob } from './periodic-job.js';
export type {
  EmbeddingBackfill,
  EmbeddingBackfillOptions,
} from './knowledge/search/embedding-backfill.js';
export {
  createAnthropicProvider,
  createLlmGateway,
  createNoopProvider,
  createOpenAiProvider,
  createProviderFromConfig,
} from './llm/index.js';
export type {
  CallLoggedInput,
  HttpProviderOptions,
  LlmGateway,
  LlmGatewayOptions,
  LlmMessage,
  LlmProvider,
  LlmRequest,
  LlmResponse,
  LoggedLlmResponse,
  ModelPrice,
  OpenAiProviderOptions,
  PriceTable,
  ProviderConfig,
} from './llm/index.js';
export {
  createSentenceEncoder,
  createTopicCheck,
  createTutor,
  MIN_TOPIC_SIMILARITY,
  SENTENCE_MODEL,
  TUTOR_FEATURE,
} from './tutor/index.js';
export type {
  AskTutorInput,
  SentenceEncoder,
  TopicCheck,
  TopicCheckOptions,
  Tutor,
  TutorAnswer,
  TutorCitation,
  TutorOptions,
  TutorSearch,
  TutorSearchHit,
  TutorSearchInput,
  TutorSearchResult,
} from './tutor/index.js';

// --- seed ---
export { seedDemoData, demoUsers, DEMO_PASSWORD } from './seed/seed.js';
export type { SeedSummary, SeedOptions } from './seed/seed.js';
export { demoCourses } from './seed/content/index.js';
export type { SeedCourse } from './seed/content/index.js';

// --- authoring and ingest ---
export { createAuthoring } from './authoring/create-authoring.js';
export type {
  Authoring,
  AuthoringOptions,
  CreateCourseDraftInput,
  CreateCourseDraftResult,
} from './authoring/create-authoring.js';
export type {
  CourseOutline,
  OutlineCard,
  OutlineLesson,
  OutlineModule,
} from './authoring/outline-schema.js';
export type { DraftProgressEvent, DraftRunOptions, DraftStage } from './authoring/progress.js';
export { createIngest } from './ingest/create-ingest.js';
export type {
  Ingest,
  IngestOptions,
  IngestUrlInput,
  IngestUrlResult,
} from './ingest/create-ingest.js';
export type {
  HostLookup,
  ResolvedAddress,
  SafeFetchResult,
  FetchRefusal,
} from './ingest/safe-fetch.js';
export { createPublicDocumentFetcher } from './ingest/public-document-fetcher.js';
export type { PublicDocumentFetcherOptions } from './ingest/public-document-fetcher.js';
export type { SourceKind } from './ingest/source.js';

// --- observability ---
export {
  createInlineRetrievalAuditLog,
  createLlmCallRecorder,
  createObservability,
  createRetrievalAuditRecorder,
  createToolCallRecorder,
  createRetentionPruner,
  DEFAULT_RETENTION_DAYS,
  pruneObservability,
  RETENTION_FLOOR_MS,
  retentionCutoff,
} from './observability/index.js';
export type {
  LlmCallEntry,
  LlmCallLog,
  LlmCallRecorder,
  LlmCallRecorderOptions,
  PruneOptions,
  PruneResult,
  RetainedTable,
  RetentionPeriods,
  RetentionPruner,
  RetentionPrunerOptions,
  RetrievalAuditEntry,
  RetrievalAuditLog,
  RetrievalAuditRecorder,
  RetrievalAuditRecorderOptions,
  ClientToolStats,
  ClientView,
  FeatureSpend,
  LatencyStats,
  LlmCallView,
  Observability,
  ObservabilityOptions,
  RetrievalView,
  RetrievedChunkView,
  SpendReport,
  ToolCallRecord,
  ToolCallRecorder,
  ToolCallRecorderOptions,
  ToolCallRecorderStats,
  ToolCallReport,
  ToolStats,
  UserSpend,
} from './observability/index.js';
