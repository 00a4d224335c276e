import { describe, expect, it } from '@jest/globals';

import { assertStorableText, findUnstorableText, unstorableTextReason } from '../index.js';

describe('unstorableTextReason', () => {
  it('accepts ordinary text, other control characters and paired surrogates', () => {
    for (const ok of ['', 'ATP synthase', 'tab\there', 'emoji 😀', 'é\u0301', '\u202e']) {
      expect(unstorableTextReason(ok)).toBeUndefined();
    }
  });

  it('finds NUL anywhere and a lone surrogate of either half', () => {
    expect(unstorableTextReason('\u0000')).toBe('nul');
    expect(unstorableTextReason('abc\u0000')).toBe('nul');
    expect(unstorableTextReason('a\ud800b')).toBe('lone_surrogate');
    expect(unstorableTextReason('\udc00')).toBe('lone_surrogate');
    expect(unstorableTextReason('😀'.slice(0, 1))).toBe('lone_surrogate');
    expect(unstorableTextReason('\udbff\udfff\udc00')).toBe('lone_surrogate');
  });
});

describe('assertStorableText', () => {
  it('throws mcp.invalid_argument naming the argument and the reason', () => {
    expect(() => assertStorableText('query', 'a\u0000')).toThrow(
      expect.objectContaining({
        code: 'mcp.invalid_argument',
        message: 'query must not contain NUL (U+0000) characters',
      }),
    );
    expect(() => assertStorableText('slug', '\ud800')).toThrow(
      expect.objectContaining({
        code: 'mcp.invalid_argument',
        message: expect.stringMatching(/^slug must not contain unpaired UTF-16 surrogates/),
      }),
    );
    expect(() => assertStorableText('slug', 'fine')).not.toThrow();
  });
});

describe('findUnstorableText', () => {
  it('reports where in a JSON value the bad string is, keys included', () => {
    expect(findUnstorableText({ course_slug: 'x\u0000' })).toEqual({
      path: 'course_slug',
      reason: 'nul',
    });
    expect(findUnstorableText({ a: [1, { b: '\ud800' }] })).toEqual({
      path: 'a[1].b',
      reason: 'lone_surrogate',
    });
    expect(findUnstorableText({ ok: { '\u0000': 1 } })).toEqual({
      path: 'a key in ok',
      reason: 'nul',
    });
    expect(findUnstorableText('\u0000')).toEqual({ path: '', reason: 'nul' });
    expect(findUnstorableText({ a: ['fine', 1, null, true], b: { c: 'ok' } })).toBeUndefined();
  });

  it('walks 100,000 levels of nesting without overflowing the stack', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(findUnstorableText(deep)?.reason).toBe('nul');
  });
});
