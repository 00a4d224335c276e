import { spawnSync } from 'node:child_process';

import { limitWasmCompilationThreads, wasmCompilationTasks } from './wasm-compilation.js';

describe('WebAssembly compilation threads', () => {
  it('leaves one core to the main thread, and always allows one task', () => {
    expect(wasmCompilationTasks(1)).toBe(1);
    expect(wasmCompilationTasks(2)).toBe(1);
    expect(wasmCompilationTasks(8)).toBe(7);
    expect(wasmCompilationTasks(0)).toBe(1);
  });

  it('is accepted by this Node.js at run time, after V8 has started', () => {
    expect(() => limitWasmCompilationThreads(2)).not.toThrow();
    // V8 names a flag it does not know ("unrecognized flag") instead of throwing: a check
    // that the flag still exists in the V8 this Node.js ships.
    const flag = (name: string) =>
      spawnSync(process.execPath, ['-e', `require('node:v8').setFlagsFromString('${name}')`], {
        encoding: 'utf8',
      });
    const known = flag('--wasm-num-compilation-tasks=1');
    expect(known.stdout + known.stderr).toBe('');
    const unknown = flag('--no-such-flag-for-lumen=1');
    expect(unknown.stdout + unknown.stderr).toContain('unrecognized flag');
  });
});
