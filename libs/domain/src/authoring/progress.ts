/**
 * Long-running authoring work reports where it is and stops when asked. The MCP layer
 * turns these events into progress notifications and wires a request's cancellation
 * into the signal; the services know nothing of either.
 */
import { LumenError } from '../errors.js';

export type DraftStage = 'fetching' | 'extracting' | 'outlining' | 'indexing';

export interface DraftProgressEvent {
  readonly stage: DraftStage;
  /** Steps done so far in this stage. */
  readonly progress: number;
  /** Steps this stage has in all. */
  readonly total: number;
  readonly message: string;
}

export interface DraftRunOptions {
  readonly onProgress?: ((event: DraftProgressEvent) => void) | undefined;
  readonly signal?: AbortSignal | undefined;
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw new LumenError('mcp.cancelled', 'the request was cancelled; nothing was saved');
}

export function report(
  options: DraftRunOptions,
  stage: DraftStage,
  progress: number,
  total: number,
  message: string,
): void {
  options.onProgress?.({ stage, progress, total, message });
}
