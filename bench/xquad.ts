/**
 * Retrieval quality and latency of the default (lexical, offline) course search on
 * XQuAD English (Artetxe et al. 2020; CC BY-SA 4.0): 48 articles, 240 paragraphs,
 * 1,190 questions. The data set becomes one published course: each article a lesson,
 * each paragraph exactly one chunk (inserted directly, so recall is measured per
 * paragraph and not confounded by the chunker). A question's hit is the paragraph it
 * was written for.
 *
 *   node tools/run-ts.mjs bench/xquad.ts [pglite|postgres|both]
 *
 * PostgreSQL: BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres);
 * a scratch database is created and dropped.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

import { createDb } from '@lumen/db';
import type { Db } from '@lumen/db';
import { openScratchPostgres } from '@lumen/db/testing';
import { createSearch } from '@lumen/domain';

import { benchEmbedder } from './bench-embeddings.js';
import { Recall } from './recall.js';
import { referenceBm25 } from './reference-bm25.js';
import type { ReferencePassage } from './reference-bm25.js';

interface Squad {
  data: Array<{
    title: string;
    paragraphs: Array<{ context: string; qas: Array<{ question: string }> }>;
  }>;
}

interface Question {
  text: string;
  chunkId: string;
}

interface Loaded {
  questions: Question[];
  /** Every paragraph in course order, for the reference ranking. */
  passages: ReferencePassage[];
}

const DATA = new URL('../../shared/eval/xquad-en.json', import.meta.url);

async function load(db: Db, squad: Squad): Promise<Loaded> {
  const prisma = db.prisma;
  const owner = await prisma.user.create({
    data: { email: 'bench@lumen.test', displayName: 'Bench', role: 'instructor' },
  });
  const course = await prisma.course.create({
    data: {
      slug: 'xquad',
      title: 'XQuAD (English)',
      summary: 'XQuAD articles',
      ownerId: owner.id,
      status: 'published',
    },
  });
  const module = await prisma.module.create({
    data: { courseId: course.id, position: 0, title: 'Articles' },
  });
  const questions: Question[] = [];
  const passages: ReferencePassage[] = [];
  for (const [position, article] of squad.data.entries()) {
    const title = article.title.replace(/_/g, ' ');
    const lesson = await prisma.lesson.create({
      data: {
        courseId: course.id,
        moduleId: module.id,
        position,
        slug: `article-${position}`,
        title,
        contentMd: article.paragraphs.map((p) => p.context).join('\n\n'),
      },
    });
    const chunks = article.paragraphs.map((p, ordinal) => ({
      id: createHash('sha256')
        .update(`${lesson.id}\u0000${p.context}`)
        .digest('base64url')
        .slice(0, 22),
      lessonId: lesson.id,
      courseId: course.id,
      ordinal,
      headingPath: [title],
      text: p.context,
    }));
    await prisma.lessonChunk.createMany({ data: chunks });
    passages.push(...chunks);
    article.paragraphs.forEach((p, i) => {
      for (const qa of p.qas) questions.push({ text: qa.question, chunkId: chunks[i]?.id ?? '' });
    });
  }
  return { questions, passages };
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

async function run(kind: string, db: Db, squad: Squad): Promise<void> {
  const { questions, passages } = await load(db, squad);
  const { embedder, label } = await benchEmbedder(db);
  console.log(`ranking: ${label}`);
  const search = createSearch({ db, embedder });
  const reference = referenceBm25(passages);
  const lumen = new Recall();
  const plain = new Recall();
  const latencies: number[] = [];
  for (const q of questions) {
    const started = performance.now();
    const result = await search.search({
      actor: null,
      courseSlug: 'xquad',
      query: q.text,
      topK: 10,
      feature: 'bench',
    });
    latencies.push(performance.now() - started);
    lumen.add(result.hits.findIndex((h) => h.chunkId === q.chunkId));
    plain.add(reference(q.text, 10).indexOf(q.chunkId));
  }
  latencies.sort((a, b) => a - b);
  console.log(
    `${kind.padEnd(8)} questions=${questions.length} ${lumen.report(10)} ` +
      `latency median=${quantile(latencies, 0.5).toFixed(1)} ms p95=${quantile(latencies, 0.95).toFixed(1)} ms`,
  );
  console.log(`${kind.padEnd(8)} reference BM25 (text only, unstemmed): ${plain.report(10)}`);
}

const which = process.argv[2] ?? 'both';
const squad = JSON.parse(readFileSync(DATA, 'utf8')) as Squad;
if (which === 'pglite' || which === 'both') {
  const db = await createDb({ memory: true });
  try {
    await run('pglite', db, squad);
  } finally {
    await db.close();
  }
}
if (which === 'postgres' || which === 'both') {
  const db = await openScratchPostgres(
    process.env['BENCH_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
  );
  try {
    await run('postgres', db, squad);
  } finally {
    await db.close();
  }
}
