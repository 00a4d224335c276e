/**
 * Search and tutor quality on a course nobody tuned for. A small course of web pages
 * (bench/paraphrase/*.ts) is served on loopback and ingested the way an instructor
 * would, through `ingest_url_to_draft` with the offline (noop) model; then paraphrased
 * learner questions go through the real course search and the real tutor.
 *
 *   node tools/run-ts.mjs bench/paraphrase.ts [bicycle|beekeeping|home-network|houseplants] [pglite|postgres]
 *
 * `bicycle` is the tuning set; `beekeeping`, `home-network` and `houseplants` are held out and only run to
 * confirm a change chosen on `bicycle`.
 * Reports: the shape of the imported course; passage recall@1/@5 and MRR@5 (a hit is a
 * chunk holding the question's answer phrase) with median/p95 search latency; and the
 * tutor: off-topic questions declined without a model call, in-scope questions answered
 * with a citation of the passage that holds the answer. Model calls are counted in the
 * gateway's own call log (llm_call_logs).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

import type { Db } from '@lumen/db';
import {
  createIngest,
  createLlmGateway,
  createNoopProvider,
  createSearch,
  createTutor,
} from '@lumen/domain';
import type { Actor } from '@lumen/domain';

import { openBenchDb } from './bench-db.js';
import { benchEmbedder } from './bench-embeddings.js';
import { benchTopicCheck } from './bench-topic-check.js';
import { beekeeping } from './paraphrase/beekeeping.js';
import { bicycle } from './paraphrase/bicycle.js';
import { homeNetwork } from './paraphrase/home-network.js';
import { houseplants } from './paraphrase/houseplants.js';
import type { EvalPage, EvalSet } from './paraphrase/eval-set.js';
import { Recall } from './recall.js';
import { referenceBm25 } from './reference-bm25.js';

const SETS: Record<string, EvalSet> = {
  bicycle,
  beekeeping,
  'home-network': homeNetwork,
  houseplants,
};
const LATENCY_ROUNDS = 5;

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A page as a typical CMS renders it: site name in <title> and a header <h1>, navigation, footer. */
function renderPage(set: EvalSet, page: EvalPage): string {
  const body = page.sections
    .map((s) => `${s.heading ? `<h2>${escape(s.heading)}</h2>\n` : ''}<p>${escape(s.body)}</p>`)
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>${escape(page.title)} | ${escape(set.site)}</title>
<meta property="og:site_name" content="${escape(set.site)}">
</head><body>
<header><h1 class="site-title"><a href="/">${escape(set.site)}</a></h1>
<nav><a href="/">Home</a> <a href="/guides/">All guides</a> <a href="/about">About us</a></nav></header>
<main><article><h1>${escape(page.title)}</h1>
${body}
</article></main>
<footer><p>© 2026 ${escape(set.site)}. All rights reserved.</p></footer>
</body></html>`;
}

async function serve(set: EvalSet): Promise<{ base: string; close: () => Promise<void> }> {
  const pages = new Map(set.pages.map((p) => [`/guides/${p.slug}`, renderPage(set, p)]));
  const server = createServer((req, res) => {
    const html = pages.get(req.url ?? '');
    res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const norm = (s: string) => s.replace(/\s+/g, ' ').toLowerCase();
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

async function ingestCourse(db: Db, set: EvalSet, owner: Actor): Promise<string> {
  const site = await serve(set);
  try {
    const gateway = createLlmGateway({ db, provider: createNoopProvider() });
    const ingest = createIngest({ db, gateway, allowHosts: ['127.0.0.0/8'] });
    let courseId: string | undefined;
    for (const page of set.pages) {
      const url = `${site.base}/guides/${page.slug}`;
      const result = await ingest.ingestUrlToDraft(owner, { url, courseId }, {}, new Date());
      courseId ??= result.courseId;
    }
    return courseId ?? '';
  } finally {
    await site.close();
  }
}

async function reportShape(db: Db, set: EvalSet, courseId: string): Promise<void> {
  const course = await db.prisma.course.findUniqueOrThrow({ where: { id: courseId } });
  const lessons = await db.prisma.lesson.findMany({ where: { courseId }, select: { title: true } });
  const titles = lessons.map((l) => l.title);
  const chunks = await db.prisma.lessonChunk.findMany({
    where: { courseId },
    select: { headingPath: true },
  });
  const pageTitles = new Set(set.pages.map((p) => p.title));
  const withPageTitle = chunks.filter((c) => c.headingPath.some((h) => pageTitles.has(h))).length;
  console.log(
    `shape: ${set.pages.length} pages -> ${lessons.length} lessons (${new Set(titles).size} distinct titles), ` +
      `${chunks.length} chunks (${withPageTitle} with their page title in the heading path); course title "${course.title}"`,
  );
}

async function run(kind: string, db: Db, set: EvalSet): Promise<void> {
  const owner = await db.prisma.user.create({
    data: { email: 'bench@lumen.test', displayName: 'Bench', role: 'instructor' },
  });
  const actor: Actor = { userId: owner.id, role: 'instructor' };
  const courseId = await ingestCourse(db, set, actor);
  await reportShape(db, set, courseId);
  const { slug } = await db.prisma.course.findUniqueOrThrow({ where: { id: courseId } });
  const chunks = await db.prisma.lessonChunk.findMany({
    where: { courseId },
    select: { id: true, text: true },
    orderBy: [
      { lesson: { module: { position: 'asc' } } },
      { lesson: { position: 'asc' } },
      { ordinal: 'asc' },
    ],
  });
  const reference = referenceBm25(chunks);
  const answering = (phrase: string) =>
    new Set(chunks.filter((c) => norm(c.text).includes(norm(phrase))).map((c) => c.id));
  for (const q of set.questions) {
    if (answering(q.answer).size === 0) throw new Error(`no chunk holds "${q.answer}"`);
  }

  const { embedder, label } = await benchEmbedder(db);
  console.log(`ranking: ${label}`);
  const search = createSearch({ db, embedder });
  const ask = (query: string, topK = 5) =>
    search.search({ actor, courseSlug: slug, query, topK, feature: 'bench' });
  const lumen = new Recall();
  const plain = new Recall();
  const misses: string[] = [];
  for (const q of set.questions) {
    const right = answering(q.answer);
    const { hits } = await ask(q.q);
    const rank = hits.findIndex((h) => right.has(h.chunkId));
    lumen.add(rank);
    plain.add(reference(q.q, 5).findIndex((id) => right.has(id)));
    if (rank !== 0) {
      misses.push(`  rank ${rank < 0 ? '>5' : rank + 1}: ${q.q}`);
      for (const h of hits.slice(0, 3))
        misses.push(
          `      ${h.score.toFixed(2)} ${h.headingPath.join(' > ')}: ${h.text.slice(0, 50)}`,
        );
    }
  }
  const latencies: number[] = [];
  for (let round = 0; round < LATENCY_ROUNDS; round += 1) {
    for (const q of set.questions) {
      const started = performance.now();
      await ask(q.q);
      latencies.push(performance.now() - started);
    }
  }
  latencies.sort((a, b) => a - b);
  const n = set.questions.length;
  console.log(
    `${kind.padEnd(8)} search: questions=${n} ${lumen.report(5)} ` +
      `latency median=${quantile(latencies, 0.5).toFixed(1)} ms p95=${quantile(latencies, 0.95).toFixed(1)} ms`,
  );
  console.log(`${kind.padEnd(8)} reference BM25 (text only, unstemmed): ${plain.report(5)}`);
  if (process.env['BENCH_VERBOSE']) console.log(misses.join('\n'));

  const probe = process.env['BENCH_PROBE'];
  if (probe) {
    for (const h of (await ask(probe, 6)).hits)
      console.log(
        `  probe ${h.score.toFixed(2)} ${JSON.stringify(h.evidence)} ${h.headingPath.join(' > ')}`,
      );
  }
  if (process.env['BENCH_VERBOSE']) {
    const best = async (query: string) =>
      (await ask(query, 6)).hits
        .map(
          (h) =>
            `${(h.evidence?.coverage ?? 0).toFixed(2)}${h.evidence?.inHeading ? 'H' : ' '}${h.evidence?.terms ?? 0}`,
        )
        .sort()
        .at(-1) ?? '0.00 ';
    const show = async (qs: readonly string[]) =>
      (await Promise.all(qs.map(async (x) => `${await best(x)} ${x.slice(0, 40)}`)))
        .sort()
        .slice(0, 12)
        .join('\n    ');
    console.log(
      `  best coverage, in scope (lowest):\n    ${await show(set.questions.map((x) => x.q))}`,
    );
    console.log(`  best coverage, off topic:\n    ${await show(set.offTopic)}`);
  }
  const gateway = createLlmGateway({ db, provider: createNoopProvider() });
  const check = benchTopicCheck();
  const tutor = createTutor({ db, search, gateway, topicCheck: check.topicCheck });
  const calls = () => db.prisma.llmCallLog.count({ where: { feature: 'mcp.ask_tutor' } });
  let declinedQuietly = 0;
  const leaked: string[] = [];
  for (const question of set.offTopic) {
    const before = await calls();
    const answer = await tutor.ask(actor, { courseSlug: slug, question });
    if (!answer.covered && (await calls()) === before) declinedQuietly += 1;
    else leaked.push(`  answered: ${question}`);
  }
  let answered = 0;
  let citedAny = 0;
  let citedFirst = 0;
  const wrong: string[] = [];
  for (const q of set.questions) {
    const right = answering(q.answer);
    const answer = await tutor.ask(actor, { courseSlug: slug, question: q.q });
    if (answer.covered) answered += 1;
    const cited = answer.citations.map((c) => c.chunkId);
    if (cited.some((id) => right.has(id))) citedAny += 1;
    if (cited[0] !== undefined && right.has(cited[0])) citedFirst += 1;
    else wrong.push(`  ${answer.covered ? 'first citation wrong' : 'declined'}: ${q.q}`);
    if (!answer.covered && process.env['BENCH_VERBOSE']) {
      // Why: where the answering passage stood among the tutor's hits, and its evidence.
      const { hits } = await ask(q.q, 6); // the tutor's TUTOR_TOP_K
      const at = hits.findIndex((h) => right.has(h.chunkId));
      const e = hits[at]?.evidence;
      wrong.push(
        `      answering passage ${at < 0 ? 'not retrieved' : `rank ${at + 1}, coverage ${e?.coverage.toFixed(2)}${e?.inHeading ? ', topic in heading' : ''}, ${e?.terms} content terms`}`,
      );
    }
  }
  console.log(
    `${kind.padEnd(8)} tutor: off-topic declined without a model call ${declinedQuietly}/${set.offTopic.length}; ` +
      `in-scope answered ${answered}/${n}, citing the answering passage ${citedAny}/${n} (first citation ${citedFirst}/${n}); ${check.label}`,
  );
  await check.close();
  if (process.env['BENCH_VERBOSE']) console.log([...leaked, ...wrong].join('\n'));
}

const setName = process.argv[2] ?? 'bicycle';
const set = SETS[setName];
if (!set) throw new Error(`unknown set "${setName}" (${Object.keys(SETS).join(', ')})`);
const which = process.argv[3] ?? 'pglite';
console.log(`paraphrase set: ${set.name}`);
const db = await openBenchDb(which);
try {
  await run(which, db, set);
} finally {
  await db.close();
}
