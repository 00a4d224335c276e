import { preset } from '../../jest.preset.mjs';

export default {
  ...preset,
  displayName: 'mcp-http',
  rootDir: import.meta.dirname,
  // These suites bound /healthz latencies while the server works (hostile ingest, argon2
  // offload): one file at a time, so no other suite of ours shares the cores with them.
  maxWorkers: 1,
};
