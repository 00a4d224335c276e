import { afterAll, describe, expect, it } from '@jest/globals';

import { cosine, createSentenceEncoder } from './sentence-encoder.js';

describe('the offline sentence encoder', () => {
  const encoder = createSentenceEncoder();
  afterAll(() => encoder.close());

  it('places a reworded question nearer its passage than an unrelated one', async () => {
    const [question, passage, unrelated] = await encoder.embed([
      'Why do the lights on my router keep blinking?',
      'When the access point loses its connection, its status lamps flash until it reconnects.',
      'Knead the dough for ten minutes, then leave it to rise in a warm place.',
    ]);
    expect(question).toHaveLength(512);
    for (const v of [question!, passage!, unrelated!]) expect(cosine(v, v)).toBeCloseTo(1, 4);
    expect(cosine(question!, passage!)).toBeGreaterThan(cosine(question!, unrelated!) + 0.2);
  });

  it('gives the same text the same vector, alone or in a batch', async () => {
    const text = 'Glycolysis splits one glucose into two pyruvate.';
    const [alone] = await encoder.embed([text]);
    const batch = await encoder.embed(['Something else entirely.', text]);
    expect(cosine(alone!, batch[1]!)).toBeCloseTo(1, 4);
    expect(await encoder.embed([])).toEqual([]);
  });

  it('answers concurrent callers each with their own vectors', async () => {
    const texts = ['orbit', 'cadence', 'index', 'mitochondrion', 'tyre', 'hive'];
    const one = await Promise.all(texts.map((t) => encoder.embed([t])));
    const all = await encoder.embed(texts);
    one.forEach(([v], i) => expect(cosine(v!, all[i]!)).toBeCloseTo(1, 4));
  });

  it('rejects an aborted request, and every request once closed', async () => {
    await expect(encoder.embed(['x'], AbortSignal.abort(new Error('gone')))).rejects.toThrow(
      'gone',
    );
    const other = createSentenceEncoder();
    const pending = expect(other.embed(['a question that will never be answered'])).rejects;
    const closed = pending.toThrow('sentence encoder is closed');
    await other.close();
    await closed;
    await expect(other.embed(['y'])).rejects.toThrow('sentence encoder is closed');
  });
});
