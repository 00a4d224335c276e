import { preset } from '../../jest.preset.mjs';

export default {
  ...preset,
  displayName: 'mcp-stdio',
  rootDir: import.meta.dirname,
  // One file at a time: with two, the token hash copy suite once got mcp.internal from a
  // freshly spawned server (fresh-clone .ci/run, quiet machine), never seen with one.
  maxWorkers: 1,
};
