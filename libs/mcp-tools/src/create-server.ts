import type { Principal } from '@lumen/auth';
import { authorizeTool, runWithPrincipal } from '@lumen/auth';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';
import {
  CallToolRequestSchema,
  CompleteRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type {
  CallToolResult,
  ListToolsResult,
  ServerNotification,
  ServerRequest,
} from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

import { argumentFailure } from './argument-failure.js';
import { describeIssues } from './issue-text.js';
import { complete } from './completions.js';
import { getPrompt, listPrompts } from './prompts/index.js';
import { invalidArgument, LumenRequestError } from './request-error.js';
import type { RequestRunner } from './request-error.js';
import {
  listResources,
  listResourceTemplates,
  readResource,
} from './resources/resource-handlers.js';
import type { LumenServices } from './services.js';
import type { ToolDefinition, ToolCallContext } from './tool-definition.js';
import { errorResult, successResult, toToolFailure } from './tool-result.js';
import { lumenTools } from './tools/index.js';

export type CallExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/**
 * What a tool call uses of its request's context. The SDK's `RequestHandlerExtra`
 * provides it, and so can a transport that answers `tools/call` itself.
 */
export type ToolCallExtra = Pick<CallExtra, 'signal' | 'authInfo' | '_meta' | 'sendNotification'>;

/** What each tools/call reports, for logs and observability. Never carries arguments. */
export interface ToolCallEvent {
  tool: string;
  clientId: string | undefined;
  userId: string | undefined;
  durationMs: number;
  outcome: string;
}

export interface LumenServerOptions {
  services: LumenServices;
  /** Resolves the caller for this request (bearer JWT in async context, or the stdio secret). */
  resolvePrincipal: (extra: ToolCallExtra) => Promise<Principal>;
  clock?: () => Date;
  onToolCall?: (event: ToolCallEvent) => void;
  /** Receives unexpected errors (never shown to the client), with the tool or request method. */
  onInternalError?: (error: unknown, tool: string) => void;
  version?: string;
}

const INSTRUCTIONS =
  'Lumen is a learning platform. Use list_courses/get_course to explore the catalog, ' +
  'search_lesson_content and ask_tutor to learn from a course, list_my_due_reviews and ' +
  'grade_review_card for spaced repetition, list_my_progress for progress, and ' +
  'create_course_draft / ingest_url_to_draft (instructors) to author courses. ' +
  'Courses and lessons are also resources (lumen://courses/{slug}, ' +
  'lumen://courses/{slug}/lessons/{lesson}).';

/**
 * What the server declares. Stateless HTTP keeps nothing between requests, so there
 * are no subscriptions and no list-changed notifications on any transport.
 */
const CAPABILITIES = {
  tools: { listChanged: false },
  resources: { subscribe: false, listChanged: false },
  prompts: { listChanged: false },
  completions: {},
};

function jsonSchema(schema: z.ZodObject, io: 'input' | 'output') {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest as { type: 'object'; [key: string]: unknown };
}

/**
 * One JSON Schema validator for every server the factory builds. The SDK's `Server`
 * otherwise constructs its own Ajv instance (with all string formats) per instance,
 * which dominated the per-request cost of the stateless HTTP transport. It is only
 * used to check elicitation answers, so it is also created on first use rather than
 * at start-up.
 */
function sharedValidator(): jsonSchemaValidator {
  let ajv: AjvJsonSchemaValidator | undefined;
  return { getValidator: (schema) => (ajv ??= new AjvJsonSchemaValidator()).getValidator(schema) };
}

/** The two tool methods, usable without a `Server` (see {@link LumenServerFactory}). */
export interface LumenToolHandlers {
  listTools(): ListToolsResult;
  /**
   * Answers a `tools/call` request: the params are checked against the protocol's
   * schema (a malformed request is InvalidParams with `mcp.invalid_argument`, an unknown
   * tool InvalidParams with `mcp.tool.not_found`), then the tool runs with
   * the gates; tool failures are results with `isError`.
   */
  callTool(request: { params?: unknown }, extra: ToolCallExtra): Promise<CallToolResult>;
}

/**
 * Builds MCP servers exposing Lumen's nine tools. `handlers` are the same tool methods
 * without a `Server`, for a transport that answers the hot requests itself.
 */
export type LumenServerFactory = (() => Server) & { readonly handlers: LumenToolHandlers };

/**
 * Builds a factory of MCP servers exposing Lumen's nine tools. Everything that does not
 * depend on the request — the tool list with its JSON Schemas — is computed once here,
 * so the per-request cost of the stateless HTTP transport is a bare `Server` and two
 * handler registrations.
 */
export function createLumenServerFactory(options: LumenServerOptions): LumenServerFactory {
  const tools = new Map<string, ToolDefinition>(
    lumenTools.map((t) => [t.name, t as ToolDefinition]),
  );
  const listResult: ListToolsResult = {
    tools: lumenTools.map((t) => ({
      name: t.name,
      title: t.title,
      description: t.description,
      inputSchema: jsonSchema(t.input, 'input'),
      outputSchema: jsonSchema(t.output, 'output'),
      annotations: { title: t.title, ...t.annotations },
    })),
  };
  const jsonSchemaValidator = sharedValidator();
  const runner = (extra: ToolCallExtra): RequestRunner => ({
    services: options.services,
    resolvePrincipal: () => options.resolvePrincipal(extra),
    clock: options.clock,
    onInternalError: options.onInternalError,
  });
  const call = (
    request: { params: { name: string; arguments?: Record<string, unknown> | undefined } },
    extra: ToolCallExtra,
  ) => callTool(tools, options, request.params, extra);
  const handlers: LumenToolHandlers = {
    listTools: () => listResult,
    callTool: async (request, extra) => {
      const checked = CallToolRequestSchema.shape.params.safeParse(request.params);
      if (!checked.success) {
        throw invalidArgument(
          `Invalid tools/call request: ${describeIssues(checked.error.issues, request.params, 'params')}`,
        );
      }
      return call({ params: checked.data }, extra);
    },
  };

  const factory = () => {
    const server = new Server(
      { name: 'lumen', title: 'Lumen', version: options.version ?? '0.1.0' },
      {
        capabilities: CAPABILITIES,
        instructions: INSTRUCTIONS,
        jsonSchemaValidator,
      },
    );
    server.setRequestHandler(ListToolsRequestSchema, () => listResult);
    server.setRequestHandler(CallToolRequestSchema, call);
    server.setRequestHandler(ListResourceTemplatesRequestSchema, () => listResourceTemplates());
    server.setRequestHandler(ListResourcesRequestSchema, (request, extra) =>
      listResources(runner(extra), request.params?.cursor),
    );
    server.setRequestHandler(ReadResourceRequestSchema, (request, extra) =>
      readResource(runner(extra), request.params.uri),
    );
    server.setRequestHandler(ListPromptsRequestSchema, () => listPrompts());
    server.setRequestHandler(GetPromptRequestSchema, (request, extra) =>
      getPrompt(runner(extra), request.params.name, request.params.arguments),
    );
    server.setRequestHandler(CompleteRequestSchema, (request, extra) =>
      complete(runner(extra), request.params),
    );
    return server;
  };
  return Object.assign(factory, { handlers });
}

async function callTool(
  tools: ReadonlyMap<string, ToolDefinition>,
  options: LumenServerOptions,
  params: { name: string; arguments?: Record<string, unknown> | undefined },
  extra: ToolCallExtra,
): Promise<CallToolResult> {
  const tool = tools.get(params.name);
  // Still JSON-RPC InvalidParams, as the MCP spec asks for an unknown tool, but with a
  // stable code and the real names in data, like an unknown prompt: a model that guessed
  // a tool name reads what to call instead.
  if (!tool) {
    throw new LumenRequestError(ErrorCode.InvalidParams, {
      code: 'mcp.tool.not_found',
      message: `no tool named ${JSON.stringify(params.name.slice(0, 100))}; Lumen has ${[...tools.keys()].join(', ')}`,
      retryable: false,
    });
  }
  const started = performance.now();
  let principal: Principal | undefined;
  let outcome = 'ok';
  try {
    principal = await options.resolvePrincipal(extra);
    // Gates in the guide's order: scope, then role; services apply their own checks.
    authorizeTool(principal, tool.name);
    const args = params.arguments ?? {};
    const parsed = tool.input.safeParse(args);
    if (!parsed.success) {
      const failure = argumentFailure(tool, parsed.error, args);
      outcome = failure.code;
      return errorResult(failure);
    }
    const ctx = buildContext(principal, options, extra);
    const p = principal;
    const output = await runWithPrincipal(p, () => tool.handler(parsed.data, ctx));
    const checked = tool.output.parse(output) as Record<string, unknown>;
    return successResult(checked, tool.links?.(checked, parsed.data) ?? []);
  } catch (error) {
    const failure = toToolFailure(error);
    outcome = failure.code;
    if (failure.code === 'mcp.internal') options.onInternalError?.(error, tool.name);
    return errorResult(failure);
  } finally {
    options.onToolCall?.({
      tool: tool.name,
      clientId: principal?.clientId,
      userId: principal?.userId,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      outcome,
    });
  }
}

function buildContext(
  principal: Principal,
  options: LumenServerOptions,
  extra: ToolCallExtra,
): ToolCallContext {
  const progressToken = extra._meta?.progressToken;
  return {
    actor: { userId: principal.userId, role: principal.role, clientId: principal.clientId },
    services: options.services,
    now: options.clock?.() ?? new Date(),
    // Read on demand: a transport may create the signal only when a tool asks for it.
    get signal() {
      return extra.signal;
    },
    progress: async (update) => {
      if (progressToken === undefined) return;
      await extra.sendNotification({
        method: 'notifications/progress',
        params: { progressToken, ...update },
      });
    },
  };
}
