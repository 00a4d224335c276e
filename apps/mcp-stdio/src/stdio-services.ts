/**
 * The domain services behind the tools (and the npm packages they use: the FSRS
 * scheduler, the LLM providers, ingest's HTML parsing), loaded by stdio-server.ts with
 * `import()` so that neither the `tools/list` answer nor the database open waits for them.
 */
export { createServices, startTopicCheck } from '@lumen/platform';
