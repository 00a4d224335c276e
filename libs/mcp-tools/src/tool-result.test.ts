import { errorResult, successResult, toolResultJson, toToolFailure } from './tool-result.js';

describe('toToolFailure', () => {
  // What pg raises on a pooled client whose socket broke (the embedded owner went away
  // mid-statement, a PostgreSQL restart): a database outage, retryable, not a Lumen bug.
  it.each([
    'Client has encountered a connection error and is not queryable',
    'Client was closed and is not queryable',
    'write EPIPE',
    'read ECONNRESET',
    'Connection terminated unexpectedly',
  ])('reports "%s" as mcp.unavailable', (message) => {
    expect(toToolFailure(new Error(message))).toMatchObject({
      code: 'mcp.unavailable',
      retryable: true,
    });
  });

  it('reports anything else as mcp.internal, without its text', () => {
    const failure = toToolFailure(new Error('Cannot read properties of undefined (reading "x")'));
    expect(failure).toMatchObject({ code: 'mcp.internal', retryable: false });
    expect(failure.message).not.toContain('undefined');
  });
});

describe('toolResultJson', () => {
  // Text a serialiser could get wrong: quotes, backslashes, control characters, a lone
  // surrogate, non-ASCII, and a nested structure with nulls and numbers.
  const awkward = {
    cards: [
      {
        prompt: 'Say "hi" \\ then\nnew line\ttab \u0001 \ud800 café 🚲',
        retrievability: 0.1 + 0.2,
        lessonSlug: null,
        nextIntervals: { good: { interval: '3 days', due: '2026-11-29T18:00:00.000Z' } },
      },
    ],
    total: 1e21,
  };
  const link = {
    type: 'resource_link' as const,
    uri: 'lumen://courses/a"b',
    name: 'A "quoted" course',
  };

  it('gives the bytes JSON.stringify gives for success results, with and without links', () => {
    for (const [output, links] of [
      [awkward, []],
      [awkward, [link]],
      [{}, []],
    ] as const) {
      const result = successResult(output, links);
      const json = toolResultJson(result);
      expect(json).toBe(JSON.stringify(result));
      // The text content is the structured content's JSON, unescaped once.
      const parsed = JSON.parse(json) as { content: Array<{ text?: string }> };
      expect(parsed.content[0]!.text).toBe(JSON.stringify(output));
      expect(parsed.content).toHaveLength(1 + links.length);
    }
  });

  it('serialises error results and foreign results as they stand', () => {
    const failure = errorResult({ code: 'mcp.not_found', message: 'No "x".', retryable: false });
    expect(toolResultJson(failure)).toBe(JSON.stringify(failure));
    const foreign = { content: [{ type: 'text', text: '{}' }], structuredContent: {} };
    expect(toolResultJson(foreign)).toBe(JSON.stringify(foreign));
  });

  it('does not reuse the stored JSON once the result was changed after it was built', () => {
    const extended = successResult(awkward) as Record<string, unknown>;
    extended['_meta'] = { note: 'added later' };
    expect(toolResultJson(extended)).toBe(JSON.stringify(extended));
    const replaced = successResult(awkward) as Record<string, unknown>;
    replaced['structuredContent'] = { other: true };
    expect(toolResultJson(replaced)).toBe(JSON.stringify(replaced));
  });
});
