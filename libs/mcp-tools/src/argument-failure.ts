import { z } from 'zod';

import type { ToolDefinition } from './tool-definition.js';
import type { ToolFailure } from './tool-result.js';
import { UNSTORABLE_TEXT } from './tools/shared-schemas.js';

const isUnstorableText = (issue: z.core.$ZodIssue) =>
  issue.code === 'custom' && issue.params?.[UNSTORABLE_TEXT] !== undefined;

const argumentName = (issue: z.core.$ZodIssue) => issue.path.map(String).join('.') || 'arguments';

/**
 * The refusal of arguments that failed the tool's input schema. Text that cannot be
 * stored (NUL, unpaired surrogates) is always mcp.invalid_argument, named per argument
 * ("query must not contain NUL (U+0000) characters"), whatever more specific code the
 * tool gives its other argument problems: it is the same refusal on every tool.
 */
export function argumentFailure(tool: ToolDefinition, error: z.ZodError): ToolFailure {
  const unstorable = error.issues.filter(isUnstorableText);
  if (unstorable.length > 0) {
    return {
      code: 'mcp.invalid_argument',
      message: `Invalid arguments for ${tool.name}: ${unstorable
        .map((issue) => `${argumentName(issue)} ${issue.message}`)
        .join('; ')}`,
      retryable: false,
    };
  }
  return {
    code: tool.argumentErrorCode?.(error.issues) ?? 'mcp.invalid_argument',
    message: `Invalid arguments for ${tool.name}: ${z.prettifyError(error).replace(/\n/g, '; ')}`,
    retryable: false,
  };
}
