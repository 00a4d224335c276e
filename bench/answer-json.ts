/**
 * Serialising a tools/call answer for HTTP: the structured content serialised twice (once
 * as the text content, once inside the JSON-RPC body, as `JSON.stringify` of the answer
 * does) beside once (libs/mcp-tools toolResultJson via libs/mcp-hono messagesJson), on
 * list_my_due_reviews answers of 1, 25 and 100 cards checked against the tool's output
 * schema. Both must give the same bytes; the bench stops if they do not.
 *
 *   node tools/run-ts.mjs bench/answer-json.ts [--iterations=1000]  (calls per measurement; five of each, interleaved)
 */
import { messagesJson } from '../libs/mcp-hono/src/stateless-transport.js';
import { successResult } from '../libs/mcp-tools/src/tool-result.js';
import { lumenTools } from '../libs/mcp-tools/src/tools/index.js';

const ITERATIONS = Number(
  process.argv.find((a) => a.startsWith('--iterations='))?.split('=')[1] ?? 1_000,
);
const due = lumenTools.find((t) => t.name === 'list_my_due_reviews')!;

function answer(cards: number): Record<string, unknown> {
  const at = (days: number) => ({
    interval: `${days}d`,
    due: new Date(Date.UTC(2026, 10, 29) + days * 86_400_000).toISOString(),
  });
  return due.output.parse({
    cards: Array.from({ length: cards }, (_, i) => ({
      cardId: `8d4f8a4e-1b7c-4a43-9f9e-${String(i).padStart(12, '0')}`,
      course: { slug: 'how-cells-make-energy', title: 'How "cells" make energy' },
      lessonSlug: i % 3 === 0 ? null : 'glycolysis',
      prompt: 'What does glycolysis produce from one glucose molecule, in net terms?\n(one line)',
      answer: 'Two pyruvate, two ATP (net) and two NADH — in the cytosol.',
      state: 'review',
      due: new Date(Date.UTC(2026, 10, 28, 9, i)).toISOString(),
      retrievability: 0.5 + i / 1000,
      nextIntervals: { again: at(0), hard: at(3), good: at(7), easy: at(15) },
    })),
  }) as Record<string, unknown>;
}

/** CPU µs per call of `f` (CPU time: steadier than the clock on a busy machine). */
function time(f: () => string): number {
  const start = process.cpuUsage();
  for (let i = 0; i < ITERATIONS; i++) f();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / ITERATIONS;
}

/** The least of five interleaved measurements of each: the run least disturbed. */
function compare(a: () => string, b: () => string): [number, number] {
  for (let i = 0; i < 500; i++) {
    a();
    b();
  }
  const as: number[] = [];
  const bs: number[] = [];
  for (let round = 0; round < 5; round++) {
    as.push(time(a));
    bs.push(time(b));
  }
  return [Math.min(...as), Math.min(...bs)];
}

process.stdout.write(
  `${'cards'.padEnd(8)}${'bytes'.padStart(8)}${'twice µs'.padStart(10)}${'once µs'.padStart(10)}\n`,
);
for (const cards of [1, 25, 100]) {
  const output = answer(cards);
  const twice = () => {
    const result = {
      content: [{ type: 'text', text: JSON.stringify(output) }],
      structuredContent: output,
    };
    return JSON.stringify({ jsonrpc: '2.0', id: 7, result });
  };
  const once = () => messagesJson({ jsonrpc: '2.0', id: 7, result: successResult(output) });
  if (once() !== twice()) throw new Error(`${cards} cards: the two serialisations differ`);
  const [a, b] = compare(twice, once);
  process.stdout.write(
    `${String(cards).padEnd(8)}${String(once().length).padStart(8)}${a.toFixed(1).padStart(10)}${b.toFixed(1).padStart(10)}\n`,
  );
}
