import { chunkMarkdown } from '../../index.js';

const lesson = { lessonId: '7d3b1c52-0f7e-4c1a-9a43-5d1f2e6b8c90', lessonTitle: 'Closures' };

/** Deterministic prose: `count` distinct sentences about topic `seed`. */
function prose(seed: string, count: number): string {
  return Array.from(
    { length: count },
    (_, i) => `Sentence ${i} about ${seed} explains one more detail of it.`,
  ).join(' ');
}

const paragraphs = (seed: string, count: number, sentences = 4) =>
  Array.from({ length: count }, (_, i) => prose(`${seed}-${i}`, sentences)).join('\n\n');

describe('chunkMarkdown', () => {
  it('keeps the lesson title and the ## / ### headings as each chunk heading path', () => {
    const md = [
      '# Closures',
      'Intro text.',
      '## Scope',
      'Scope text.',
      '### Lexical scope',
      'Lexical text.',
      '## Capturing',
      'Capture text.',
    ].join('\n\n');
    const chunks = chunkMarkdown(md, lesson);
    expect(chunks.map((c) => [c.headingPath, c.text])).toEqual([
      [['Closures'], 'Intro text.'],
      [['Closures', 'Scope'], 'Scope text.'],
      [['Closures', 'Scope', 'Lexical scope'], 'Lexical text.'],
      [['Closures', 'Capturing'], 'Capture text.'],
    ]);
    expect(chunks.map((c) => c.ordinal)).toEqual([0, 1, 2, 3]);
  });

  it('stays within maxChars and prefers paragraph boundaries', () => {
    const md = `## Long\n\n${paragraphs('p', 30)}`;
    const chunks = chunkMarkdown(md, { ...lesson, maxChars: 600, overlapChars: 80 });
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(chunk.text.length).toBeLessThanOrEqual(600);
    // Every chunk ends at the end of a sentence, never mid-word.
    for (const chunk of chunks) expect(chunk.text).toMatch(/\.$/);
  });

  it('splits an over-long paragraph on sentence boundaries', () => {
    const md = prose('huge', 60);
    const chunks = chunkMarkdown(md, { ...lesson, maxChars: 500, overlapChars: 100 });
    expect(chunks.length).toBeGreaterThan(4);
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(500);
      expect(chunk.text).toMatch(/^Sentence \d+ about huge/);
      expect(chunk.text).toMatch(/of it\.$/);
    }
  });

  it('repeats the tail of a chunk at the start of the next chunk of the same section', () => {
    const md = `## A\n\n${paragraphs('a', 12)}\n\n## B\n\n${paragraphs('b', 2, 2)}`;
    const chunks = chunkMarkdown(md, { ...lesson, maxChars: 500, overlapChars: 120 });
    const inA = chunks.filter((c) => c.headingPath[1] === 'A');
    expect(inA.length).toBeGreaterThan(2);
    for (let i = 1; i < inA.length; i += 1) {
      const previous = inA[i - 1]?.text ?? '';
      const firstParagraph = inA[i]?.text.split('\n\n')[0] ?? '';
      expect(firstParagraph.length).toBeLessThanOrEqual(120);
      expect(previous.endsWith(firstParagraph)).toBe(true);
    }
    // No overlap across a heading: section B starts with its own text.
    const firstB = chunks.find((c) => c.headingPath[1] === 'B');
    expect(firstB?.text.startsWith('Sentence 0 about b-0')).toBe(true);
  });

  it('never cuts a fenced code block, even one longer than maxChars', () => {
    const code = [
      '```ts',
      ...Array.from({ length: 40 }, (_, i) => `const value${i} = compute(${i}); // step`),
      '```',
    ].join('\n');
    const md = `## Code\n\n${paragraphs('before', 3)}\n\n${code}\n\n${paragraphs('after', 3)}`;
    const chunks = chunkMarkdown(md, { ...lesson, maxChars: 400, overlapChars: 60 });
    const withCode = chunks.filter((c) => c.text.includes('const value'));
    expect(withCode).toHaveLength(1);
    expect(withCode[0]?.text).toBe(code);
    // A heading-looking line inside a fence is code, not a heading.
    const fenced = '```md\n## not a heading\n```';
    expect(chunkMarkdown(`## Real\n\n${fenced}`, lesson).map((c) => c.headingPath)).toEqual([
      ['Closures', 'Real'],
    ]);
  });

  it('keeps a small code block whole inside a chunk with its surrounding text', () => {
    const md = 'Call it like this:\n\n```js\nconst f = make();\n\nf();\n```\n\nThat is all.';
    const chunks = chunkMarkdown(md, lesson);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.text).toContain('```js\nconst f = make();\n\nf();\n```');
  });

  it('never cuts a table, and puts an oversized one in a chunk of its own', () => {
    const rows = Array.from(
      { length: 30 },
      (_, i) => `| row ${i} | value ${i * 7} | note about row ${i} |`,
    );
    const table = ['| Name | Value | Note |', '| --- | ---: | --- |', ...rows].join('\n');
    const md = `## Data\n\n${paragraphs('intro', 2)}\n\n${table}\n\n${paragraphs('outro', 2)}`;
    const chunks = chunkMarkdown(md, { ...lesson, maxChars: 500, overlapChars: 80 });
    const withRows = chunks.filter((c) => c.text.includes('| row '));
    expect(withRows).toHaveLength(1);
    expect(withRows[0]?.text).toBe(table);
  });

  it('gives identical ids when the same text is chunked again', () => {
    const md = `# Closures\n\n${paragraphs('x', 6)}\n\n## More\n\n${paragraphs('y', 6)}`;
    const first = chunkMarkdown(md, lesson);
    const second = chunkMarkdown(md.replace(/\n/g, '\r\n'), lesson);
    expect(second.map((c) => c.id)).toEqual(first.map((c) => c.id));
    for (const chunk of first) expect(chunk.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(new Set(first.map((c) => c.id)).size).toBe(first.length);
    // The same text in another lesson is another chunk.
    const other = chunkMarkdown(md, {
      ...lesson,
      lessonId: '00000000-0000-4000-8000-000000000001',
    });
    expect(other.some((c) => first.some((f) => f.id === c.id))).toBe(false);
  });

  it('changes only the ids near an edited paragraph', () => {
    const parts = Array.from({ length: 40 }, (_, i) => prose(`topic-${i}`, 3));
    const before = chunkMarkdown(`## S\n\n${parts.join('\n\n')}`, {
      ...lesson,
      maxChars: 600,
      overlapChars: 100,
    });
    const edited = [...parts];
    edited[20] = `${edited[20]} An extra sentence makes this paragraph noticeably longer than it was before.`;
    const after = chunkMarkdown(`## S\n\n${edited.join('\n\n')}`, {
      ...lesson,
      maxChars: 600,
      overlapChars: 100,
    });
    const kept = new Set(before.map((c) => c.id));
    const changed = after.filter((c) => !kept.has(c.id));
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.length).toBeLessThanOrEqual(3);
    // Everything before the edit, and the chunks well after it, keep their ids.
    const firstChanged = after.findIndex((c) => !kept.has(c.id));
    expect(
      after
        .slice(0, firstChanged)
        .every((c) => c.text.includes('topic-') && !c.text.includes('topic-20')),
    ).toBe(true);
    expect(after.slice(-3).every((c) => kept.has(c.id))).toBe(true);
  });

  it('tells apart identical paragraphs under the same heading', () => {
    const md = ['## Repeat', 'Same text.', '```', 'x', '```', 'Same text.'].join('\n\n');
    const chunks = chunkMarkdown(md, { ...lesson, maxChars: 20, overlapChars: 0 });
    const same = chunks.filter((c) => c.text === 'Same text.');
    expect(same).toHaveLength(2);
    expect(same[0]?.id).not.toBe(same[1]?.id);
  });

  it('returns no chunks for empty content', () => {
    expect(chunkMarkdown('', lesson)).toEqual([]);
    expect(chunkMarkdown('## Only a heading\n', lesson)).toEqual([]);
  });
});
