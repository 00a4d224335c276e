/**
 * Listening on the configured address failed. Carries a message for the operator that
 * names the address and the setting to change (PORT, HOST), in place of Node's stack.
 */
export type ListenErrorCode = 'http.port_in_use' | 'http.port_denied' | 'http.host_unavailable';

export class ListenError extends Error {
  override readonly name = 'ListenError';
  constructor(
    readonly code: ListenErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Translates the `listen` errors an operator can fix; others are returned unchanged. */
export function toListenError(error: unknown, host: string, port: number): unknown {
  const where = `${host}:${port}`;
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'EADDRINUSE':
      return new ListenError(
        'http.port_in_use',
        `port ${port} is already in use (${where}); stop the other process or set PORT to a free port`,
        { cause: error },
      );
    case 'EACCES':
      return new ListenError(
        'http.port_denied',
        `not allowed to listen on ${where} (ports below 1024 need privileges); set PORT to 1024 or above`,
        { cause: error },
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ListenError(
        'http.host_unavailable',
        `cannot listen on ${where}: HOST=${host} is not an address of this machine; set HOST (e.g. 127.0.0.1 or 0.0.0.0)`,
        { cause: error },
      );
    default:
      return error;
  }
}
