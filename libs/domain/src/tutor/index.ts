export { createTutor, TUTOR_FEATURE } from './tutor.js';
export type { AskTutorInput, Tutor, TutorAnswer, TutorOptions } from './tutor.js';
export type { TutorCitation } from './citations.js';
export type {
  TutorSearch,
  TutorSearchHit,
  TutorSearchInput,
  TutorSearchResult,
} from './tutor-search.js';
