/**
 * The study prompts (MCP server/prompts): study_session, quiz_me, explain_lesson.
 * Their text is written for the model and names the Lumen tools to call, in order.
 * Arguments are checked like tool arguments; a prompt that embeds course data needs
 * the scope of the resource it embeds, and sees only what get_course would show.
 */
import { authorizeScope } from '@lumen/auth';
import type { GetPromptResult, ListPromptsResult } from '@modelcontextprotocol/sdk/types.js';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';

import { describeIssues } from '../issue-text.js';
import { LumenRequestError, runRequest } from '../request-error.js';
import type { RequestRunner } from '../request-error.js';
import { explainLesson } from './explain-lesson.js';
import type { PromptDefinition } from './prompt-definition.js';
import { quizMe } from './quiz-me.js';
import { studySession } from './study-session.js';

export const lumenPrompts = [studySession, quizMe, explainLesson] as readonly PromptDefinition[];

const byName = new Map(lumenPrompts.map((p) => [p.name, p]));

const LIST: ListPromptsResult = {
  prompts: lumenPrompts.map((p) => ({
    name: p.name,
    title: p.title,
    description: p.description,
    arguments: p.arguments,
  })),
};

export function listPrompts(): ListPromptsResult {
  return LIST;
}

export function getPrompt(
  runner: RequestRunner,
  name: string,
  args: Record<string, string> | undefined,
): Promise<GetPromptResult> {
  return runRequest(runner, 'prompts/get', async (ctx) => {
    const prompt = byName.get(name);
    if (!prompt) {
      throw new LumenRequestError(ErrorCode.InvalidParams, {
        code: 'mcp.prompt.not_found',
        message: `no prompt named ${JSON.stringify(name.slice(0, 100))}; Lumen has ${lumenPrompts.map((p) => p.name).join(', ')}`,
        retryable: false,
      });
    }
    const parsed = prompt.input.safeParse(args ?? {});
    if (!parsed.success) {
      throw new LumenRequestError(ErrorCode.InvalidParams, {
        code: 'mcp.invalid_argument',
        message: `Invalid arguments for ${prompt.name}: ${describeIssues(parsed.error.issues, args ?? {})}`,
        retryable: false,
      });
    }
    const scope = prompt.scope(parsed.data);
    if (scope) authorizeScope(ctx.principal, scope, `The ${prompt.name} prompt`);
    return prompt.build(parsed.data, ctx);
  });
}
