/**
 * Structured JSON logs, one object per line, on stderr (stdout may carry the MCP
 * protocol). Fields whose names look secret are dropped before anything is written.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY = /secret|token|password|authorization|api[_-]?key|cookie|prompt/i;

function clean(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (SECRET_KEY.test(key)) continue;
    out[key] = value instanceof Error ? { name: value.name, message: value.message } : value;
  }
  return out;
}

export function createLogger(options: {
  level?: LogLevel;
  write?: (line: string) => void;
  clock?: () => Date;
}): Logger {
  const min = ORDER[options.level ?? 'info'];
  const write = options.write ?? stderrLines();
  const clock = options.clock ?? (() => new Date());
  const emit =
    (level: LogLevel) =>
    (msg: string, fields: Record<string, unknown> = {}) => {
      if (ORDER[level] < min) return;
      write(`${JSON.stringify({ ts: clock().toISOString(), level, msg, ...clean(fields) })}\n`);
    };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/**
 * Writes log lines to stderr once per event-loop turn. On Linux, stderr writes are
 * synchronous whether it is a file, a pipe or a terminal, so a busy server writing a
 * line per tool call spent a system call on each; now a turn's lines share one. Lines
 * still pending when the process exits (normally, by process.exit or after an
 * uncaught exception) are written on the way out.
 */
function stderrLines(): (line: string) => void {
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    process.stderr.write(text);
  };
  process.on('exit', flush);
  return (line) => {
    if (pending.push(line) === 1) setImmediate(flush);
  };
}
