/**
 * @lumen/domain — Lumen's learning services: catalog and syllabus, enrolment, FSRS-6
 * reviews, progress and mastery, lesson chunking and search, the course tutor, the
 * metered LLM gateway, AI authoring and ingest. Plain TypeScript over @lumen/db;
 * no transport knows anything here.
 */
export { LumenError, isLumenError } from './errors.js';
export type { LumenErrorCode } from './errors.js';
export type { Actor, Role } from './actor.js';

// --- learning core (catalog, enrolment, reviews, progress) ---

// --- knowledge (chunking, search, llm gateway, tutor) ---

// --- seed ---
