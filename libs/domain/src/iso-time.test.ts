import { isoTime } from './iso-time.js';

const DAY = 86_400_000;

describe('isoTime', () => {
  it('prints what toISOString prints, across the four-digit years', () => {
    let x = 987_654_321;
    const rand = () => (x = (Math.imul(x, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
    const times = [
      -62_167_219_200_000, // 0000-01-01T00:00:00.000Z
      253_402_300_799_999, // 9999-12-31T23:59:59.999Z
      0,
      -1,
      DAY - 1,
      Date.UTC(2000, 1, 29, 12, 0, 0, 5),
      Date.UTC(2100, 1, 28, 23, 59, 59, 99),
      Date.UTC(1900, 2, 1),
      Date.UTC(2026, 11, 31, 23, 59, 59, 999),
    ];
    for (let i = 0; i < 20_000; i++) times.push(Math.round((rand() * 2 - 1) * 2.6e14));
    for (let i = 0; i < 20_000; i++)
      times.push(Date.UTC(2020, 0, 1) + Math.round(rand() * 40 * 365 * DAY));
    for (const ms of times) {
      const expected = new Date(ms).toISOString();
      if (isoTime(ms) !== expected) expect(`${ms}: ${isoTime(ms)}`).toBe(`${ms}: ${expected}`);
    }
  });

  it('leaves other years and non-integer times to toISOString', () => {
    expect(isoTime(-62_167_219_200_001)).toBe('-000001-12-31T23:59:59.999Z');
    expect(isoTime(253_402_300_800_000)).toBe('+010000-01-01T00:00:00.000Z');
    expect(isoTime(1.9)).toBe(new Date(1.9).toISOString());
    expect(() => isoTime(Number.NaN)).toThrow(RangeError);
  });
});
