/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by package/file and
 * by function, so the per-request cost of a server can be attributed quickly.
 *
 *   node tools/run-ts.mjs bench/cpu-profile-summary.ts tmp/prof/CPU.*.cpuprofile [--top=25]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const file = process.argv[2];
if (!file) throw new Error('usage: cpu-profile-summary.ts <file.cpuprofile> [--top=N]');
const top = Number(process.argv.find((a) => a.startsWith('--top='))?.slice(6) ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
profile.samples.forEach((id, i) =>
  self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
);
const total = [...self.values()].reduce((a, b) => a + b, 0);

/** node_modules/<pkg> (scoped aware), our bundle, node internals, or V8 pseudo-frames. */
function where(url: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (url.startsWith('node:')) return url;
  if (url === '') return '(native/gc/idle)';
  return url.replace(/^file:\/\/.*\/(apps|tmp|libs)\//, '$1/');
}

const bucket = (key: (n: ProfileNode) => string) => {
  const out = new Map<string, number>();
  for (const [id, us] of self) {
    const k = key(byId.get(id)!);
    out.set(k, (out.get(k) ?? 0) + us);
  }
  return [...out].sort((a, b) => b[1] - a[1]).slice(0, top);
};
const print = (title: string, rows: Array<[string, number]>) => {
  process.stdout.write(`\n${title}\n`);
  for (const [k, us] of rows)
    process.stdout.write(`${((us / total) * 100).toFixed(1).padStart(6)}%  ${k}\n`);
};
print(
  'self time by package/file',
  bucket((n) => where(n.callFrame.url)),
);
print(
  'self time by function',
  bucket(
    (n) =>
      `${n.callFrame.functionName || '(anonymous)'}  ${where(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`,
  ),
);
