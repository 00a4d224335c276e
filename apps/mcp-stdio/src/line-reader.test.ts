import { createLineReader } from './line-reader.js';
import type { OversizedLine } from './line-reader.js';

function reader(maxLineBytes: number) {
  const lines: string[] = [];
  const oversized: OversizedLine[] = [];
  const r = createLineReader({
    maxLineBytes,
    onLine: (line) => lines.push(line.toString('utf8')),
    onOversized: (line) => oversized.push(line),
  });
  return { push: (text: string) => r.push(Buffer.from(text)), lines, oversized };
}

describe('createLineReader', () => {
  it('joins lines split across chunks and splits chunks holding several lines', () => {
    const r = reader(100);
    r.push('{"a":');
    r.push('1}\n{"b":2}\n{"c"');
    r.push(':3}\n');
    expect(r.lines).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it('reports a line over the limit by its size and ends, and reads the next line as usual', () => {
    const r = reader(10);
    r.push('{"id":7,"pad":"');
    r.push('x'.repeat(1_000));
    r.push('"}\nok\n');
    expect(r.lines).toEqual(['ok']);
    expect(r.oversized).toHaveLength(1);
    const [big] = r.oversized as [OversizedLine];
    expect(big.bytes).toBe(1_017);
    expect(big.head.toString()).toMatch(/^\{"id":7,"pad":"x+$/);
    expect(big.tail.toString()).toMatch(/x+"\}$/);
  });

  it('keeps a line of exactly the limit', () => {
    const r = reader(5);
    r.push('12345\n123456\n');
    expect(r.lines).toEqual(['12345']);
    expect(r.oversized.map((o) => o.bytes)).toEqual([6]);
  });
});
