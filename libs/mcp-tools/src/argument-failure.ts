import type { z } from 'zod';

import { argumentName, describeIssues } from './issue-text.js';
import type { ToolDefinition } from './tool-definition.js';
import type { ToolFailure } from './tool-result.js';
import { UNSTORABLE_TEXT } from './tools/shared-schemas.js';

const isUnstorableText = (issue: z.core.$ZodIssue) =>
  issue.code === 'custom' && issue.params?.[UNSTORABLE_TEXT] !== undefined;

/**
 * The refusal of arguments that failed the tool's input schema, one line naming each
 * argument ("Invalid arguments for grade_review_card: rating must be at most 4"). Text
 * that cannot be stored (NUL, unpaired surrogates) is always mcp.invalid_argument
 * ("query must not contain NUL (U+0000) characters"), whatever more specific code the
 * tool gives its other argument problems: it is the same refusal on every tool.
 */
export function argumentFailure(
  tool: ToolDefinition,
  error: z.ZodError,
  input: unknown,
): ToolFailure {
  const unstorable = error.issues.filter(isUnstorableText);
  if (unstorable.length > 0) {
    return {
      code: 'mcp.invalid_argument',
      message: `Invalid arguments for ${tool.name}: ${unstorable
        .map((issue) => `${argumentName(issue.path)} ${issue.message}`)
        .join('; ')}`,
      retryable: false,
    };
  }
  return {
    code: tool.argumentErrorCode?.(error.issues) ?? 'mcp.invalid_argument',
    message: `Invalid arguments for ${tool.name}: ${describeIssues(error.issues, input)}`,
    retryable: false,
  };
}
