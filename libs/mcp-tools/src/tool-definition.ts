import type { Actor } from '@lumen/domain';
import type { ResourceLink } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';

import type { LumenServices } from './services.js';

/** The four MCP tool annotations, stated for every tool (MCP spec, ToolAnnotations). */
export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

export interface ProgressUpdate {
  progress: number;
  total?: number | undefined;
  message?: string | undefined;
}

export interface ToolCallContext {
  actor: Actor;
  services: LumenServices;
  now: Date;
  signal: AbortSignal;
  /** Sends an MCP progress notification when the client asked for them; else a no-op. */
  progress: (update: ProgressUpdate) => Promise<void>;
}

/** A tool as data: registered by one loop in create-server.ts. */
export interface ToolDefinition<
  I extends z.ZodObject = z.ZodObject,
  O extends z.ZodObject = z.ZodObject,
> {
  name: string;
  title: string;
  description: string;
  input: I;
  output: O;
  annotations: ToolAnnotations;
  /**
   * Maps argument-validation issues to a more specific stable code than
   * mcp.invalid_argument (e.g. mcp.review.invalid_rating), where the guide names one.
   */
  argumentErrorCode?: (issues: readonly z.core.$ZodIssue[]) => string | undefined;
  handler: (args: z.output<I>, ctx: ToolCallContext) => Promise<z.input<O>>;
  /**
   * Resource links to add after the result's text (e.g. the lessons it cites); the
   * structured content stays exactly the output schema's.
   */
  links?: (output: z.output<O>, args: z.output<I>) => ResourceLink[];
}

/** Identity helper that keeps each tool's input and output types tied together. */
export function defineTool<I extends z.ZodObject, O extends z.ZodObject>(
  tool: ToolDefinition<I, O>,
): ToolDefinition<I, O> {
  return tool;
}
