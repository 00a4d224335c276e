import { unstorableTextProblem, unstorableTextReason } from '@lumen/domain';

/** The name a refusal gives argv[i]: its option (`--name`), or its position. */
function argumentName(argv: readonly string[], i: number): string {
  const arg = argv[i]!;
  if (arg.startsWith('--')) return arg.split('=')[0]!;
  const previous = argv[i - 1];
  return previous?.startsWith('--') && !previous.includes('=') ? previous : `argument ${i + 1}`;
}

/**
 * Why the command line cannot be used, or undefined. Arguments reach the database (an
 * owner email, a client name, a client id), and PostgreSQL cannot store NUL or an
 * unpaired surrogate: a shell cannot pass NUL in argv, but a program calling the CLI
 * (or runCli) can pass either, so they are refused up front like the tools refuse them.
 */
export function argvProblem(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i += 1) {
    const reason = unstorableTextReason(argv[i]!);
    if (reason) return `${argumentName(argv, i)} ${unstorableTextProblem(reason)}`;
  }
  return undefined;
}
