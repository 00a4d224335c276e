/** Turns a refused fetch into the error the caller sees: one stable code per reason. */
import { LumenError } from '../errors.js';
import type { LumenErrorCode } from '../errors.js';
import type { FetchRefusal, SafeFetchResult, FetchedDocument } from './safe-fetch.js';

export function refusalCode(refusal: FetchRefusal): LumenErrorCode {
  switch (refusal.reason) {
    case 'unsupported_url':
      return 'mcp.ingest.unsupported_url';
    case 'blocked_address':
      return 'mcp.ingest.blocked_address';
    case 'too_large':
      return 'mcp.ingest.too_large';
    case 'unsupported_content':
      return 'mcp.ingest.unsupported_content';
    case 'cancelled':
      return 'mcp.cancelled';
    case 'too_many_redirects':
    case 'http_error':
    case 'network_error':
    case 'timeout':
      return 'mcp.ingest.fetch_failed';
  }
}

export function refusalError(refusal: FetchRefusal): LumenError {
  const details =
    refusal.status === undefined
      ? { reason: refusal.reason }
      : { reason: refusal.reason, status: refusal.status };
  // The caller (an instructor) cannot change the policy; the hint says who can and how,
  // as the README's Troubleshooting does, so an intranet import is not a dead end.
  const message =
    refusal.reason === 'blocked_address'
      ? `${refusal.message}. A server operator can allow an internal host with LUMEN_INGEST_ALLOW_HOSTS.`
      : refusal.message;
  return new LumenError(refusalCode(refusal), message, { details });
}

/** The document, or the refusal thrown as a LumenError. */
export function unwrap(result: SafeFetchResult): FetchedDocument {
  if (!result.ok) throw refusalError(result.error);
  return result.value;
}
