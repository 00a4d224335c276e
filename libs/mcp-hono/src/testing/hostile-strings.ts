/**
 * Test support: fast-check arbitraries for the hostile strings of STYLE 13a and issue
 * 17 — text PostgreSQL cannot store (NUL, lone surrogates) and opaque tokens that are
 * well formed but absurd (cursors with out-of-range dates or wrong types inside valid
 * base64url, ids that are not uuids or are huge numbers).
 */
import fc from 'fast-check';

/** NUL and the edges of both surrogate halves, each unpaired. */
export const UNSTORABLE_CHARACTERS = ['\u0000', '\ud800', '\udbff', '\udc00', '\udfff'] as const;

/** `around` (or random text) with a NUL or a lone surrogate inserted somewhere. */
export function unstorableText(around?: string): fc.Arbitrary<string> {
  const base = around === undefined ? fc.string({ maxLength: 30 }) : fc.constant(around);
  return fc
    .tuple(base, fc.constantFrom(...UNSTORABLE_CHARACTERS), fc.nat(), fc.nat({ max: 3 }))
    .map(([text, bad, at, extra]) => {
      const i = text.length === 0 ? 0 : at % (text.length + 1);
      return `${text.slice(0, i)}${bad.repeat(extra + 1)}${text.slice(i)}`;
    });
}

const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** Timestamps Date can print and PostgreSQL cannot read, and the extremes of each. */
const ABSURD_TIMES = [
  '0000-01-01T00:00:00.000Z',
  '-000001-12-31T23:59:59.999Z',
  '+010000-01-01T00:00:00.000Z',
  '+275760-09-13T00:00:00.000Z',
  '-271821-04-20T00:00:00.000Z',
  '2024-02-30T00:00:00.000Z',
  '2024-01-01T24:00:00.000Z',
  '2024-01-01T00:00:00Z',
  '2024-01-01',
  '1e400',
  '',
];

/** An id that is not a uuid, or is one in an unexpected spelling. */
export const absurdId: fc.Arbitrary<string> = fc.oneof(
  fc.uuid(),
  fc.uuid().map((u) => u.toUpperCase()),
  fc.uuid().map((u) => `{${u}}`),
  fc.uuid().map((u) => u.replace(/-/g, '')),
  fc.constantFrom(
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz',
    '9'.repeat(99),
    '18446744073709551616',
    '-1',
    '1e309',
    'NaN',
    'null',
    '[]',
  ),
  unstorableText('00000000-0000-4000-8000-000000000000'),
);

/** A list_courses cursor: base64url of an absurd time or id, wrong types, or garbage. */
export const forgedCursor: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(
      fc.oneof(
        fc.constantFrom(...ABSURD_TIMES),
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      ),
      fc.oneof(fc.uuid(), absurdId),
    )
    .map(([time, id]) => base64url(`${time}|${id}`)),
  fc.jsonValue({ maxDepth: 2 }).map((v) => base64url(JSON.stringify(v) ?? '')),
  fc
    .array(fc.string({ maxLength: 10 }), { maxLength: 4 })
    .map((parts) => base64url(parts.join('|'))),
  fc.constantFrom('', '=', 'AAAA', 'A'.repeat(500), '%00', '..', '-_-_'),
  unstorableText(),
);
