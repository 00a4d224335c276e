import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

/**
 * Schema problems as one line a person (or a model) can act on, each naming its
 * argument the way the storable-text refusal does ("query must not contain NUL …"):
 * `rating must be at most 4; card_id is required`. zod's prettifyError is made for a
 * terminal (✖ and → markers over several lines) and reads as noise once squashed.
 * `input` is what was parsed, to tell a missing argument from one of the wrong type.
 */
export function describeIssues(
  issues: readonly Issue[],
  input: unknown,
  root = 'arguments',
): string {
  return issues.map((issue) => describeIssue(issue, input, root)).join('; ');
}

function describeIssue(issue: Issue, input: unknown, root: string): string {
  const name = argumentName(issue.path, root);
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => JSON.stringify(k)).join(', ');
    const what = issue.keys.length === 1 ? 'argument' : 'arguments';
    return issue.path.length === 0 ? `unknown ${what} ${keys}` : `${name} has unknown keys ${keys}`;
  }
  return `${name} ${problem(issue, input)}`;
}

/** `course.lessons[2].slug`; the whole input is `root`. */
export function argumentName(path: readonly PropertyKey[], root = 'arguments'): string {
  if (path.length === 0) return root;
  return path
    .map((part, i) =>
      typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}

const count = (n: number | bigint, one: string, many: string) =>
  `${n} ${Number(n) === 1 ? one : many}`;

function problem(issue: Issue, input: unknown): string {
  switch (issue.code) {
    case 'invalid_type': {
      const value = valueAt(input, issue.path);
      if (value === undefined) return 'is required';
      return `must be ${TYPE_NAMES[issue.expected] ?? `a ${issue.expected}`}, not ${typeOf(value)}`;
    }
    case 'too_big': {
      const { maximum: max, inclusive } = issue;
      if (issue.origin === 'string')
        return `must be at most ${count(inclusive ? max : Number(max) - 1, 'character', 'characters')} long`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return `must have at most ${count(inclusive ? max : Number(max) - 1, 'item', 'items')}`;
      return inclusive ? `must be at most ${max}` : `must be less than ${max}`;
    }
    case 'too_small': {
      const { minimum: min, inclusive } = issue;
      const least = inclusive ? min : Number(min) + 1;
      if (issue.origin === 'string')
        return Number(least) === 1
          ? 'must not be empty'
          : `must be at least ${count(least, 'character', 'characters')} long`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return Number(least) === 1
          ? 'must not be empty'
          : `must have at least ${count(least, 'item', 'items')}`;
      return inclusive ? `must be at least ${min}` : `must be greater than ${min}`;
    }
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${literal(issue.values[0])}`
        : `must be one of ${issue.values.map(literal).join(', ')}`;
    case 'invalid_format':
      return FORMAT_NAMES[issue.format] ?? `must be a valid ${issue.format}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'invalid_union':
      return 'does not match any accepted form';
    case 'invalid_key':
    case 'invalid_element':
      return 'has an invalid entry';
    default:
      // custom refinements (e.g. the storable-text check) write their own tail
      return issue.message;
  }
}

const TYPE_NAMES: Partial<Record<string, string>> = {
  int: 'a whole number',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
};

const FORMAT_NAMES: Partial<Record<string, string>> = {
  url: 'must be a URL',
  email: 'must be an email address',
  uuid: 'must be a UUID',
  datetime: 'must be an ISO 8601 date-time',
  date: 'must be an ISO 8601 date',
  regex: 'has an invalid format',
};

const literal = (value: unknown) =>
  typeof value === 'string' ? JSON.stringify(value) : String(value);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' && !Number.isInteger(value)) return 'a fraction';
  return `a ${typeof value}`;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
