import { preset } from '../../jest.preset.mjs';

export default {
  ...preset,
  displayName: 'db',
  rootDir: import.meta.dirname,
  // The data-dir lock suite races 12 processes and the shared data-dir suite waits on
  // short deadlines (attachWaitMs 300): one file at a time, as before (a shared data-dir
  // test failed once in four runs with the lock suite beside it).
  maxWorkers: 1,
};
