export { createTutor, TUTOR_FEATURE } from './tutor.js';
export type { AskTutorInput, Tutor, TutorAnswer, TutorOptions } from './tutor.js';
export type { TutorCitation } from './citations.js';
export type {
  TutorSearch,
  TutorSearchHit,
  TutorSearchInput,
  TutorSearchResult,
} from './tutor-search.js';
export { createSentenceEncoder, SENTENCE_MODEL } from './sentence-encoder.js';
export type { SentenceEncoder } from './sentence-encoder.js';
export { createTopicCheck, MIN_TOPIC_SIMILARITY } from './topic-check.js';
export type { TopicCheck, TopicCheckOptions } from './topic-check.js';
