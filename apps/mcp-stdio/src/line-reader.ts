/**
 * Splits a byte stream into newline-delimited lines (MCP's stdio framing: one JSON-RPC
 * message per line, https://modelcontextprotocol.io/specification/2025-06-18/basic/transports#stdio)
 * holding at most `maxLineBytes` of any one line. A longer line is not kept: only its
 * first and last bytes are (enough to find a request's id), and it is reported once its
 * newline arrives, so one huge line costs no memory and the lines after it are read as
 * usual.
 */
export interface OversizedLine {
  /** The line's length in bytes. */
  bytes: number;
  head: Buffer;
  tail: Buffer;
}

export interface LineReaderOptions {
  maxLineBytes: number;
  onLine: (line: Buffer) => void;
  onOversized: (line: OversizedLine) => void;
}

/** Bytes kept from each end of an oversized line. */
const KEPT = 256;

export function createLineReader(options: LineReaderOptions): { push(chunk: Buffer): void } {
  let parts: Buffer[] = [];
  let length = 0;
  /** Set while the current line is over the limit. */
  let oversized: OversizedLine | undefined;

  const take = (piece: Buffer) => {
    if (oversized) {
      oversized.bytes += piece.length;
      if (oversized.head.length < KEPT)
        oversized.head = Buffer.concat([oversized.head, piece.subarray(0, KEPT)]).subarray(0, KEPT);
      oversized.tail = Buffer.from(Buffer.concat([oversized.tail, piece]).subarray(-KEPT));
      return;
    }
    if (length + piece.length <= options.maxLineBytes) {
      parts.push(piece);
      length += piece.length;
      return;
    }
    const line = Buffer.concat([...parts, piece]);
    // Copies, so that the chunks they came from can be freed.
    const ends = (bytes: Buffer) => Buffer.from(bytes);
    oversized = {
      bytes: line.length,
      head: ends(line.subarray(0, KEPT)),
      tail: ends(line.subarray(-KEPT)),
    };
    parts = [];
    length = 0;
  };

  const end = () => {
    if (oversized) options.onOversized(oversized);
    else options.onLine(parts.length === 1 ? parts[0]! : Buffer.concat(parts));
    parts = [];
    length = 0;
    oversized = undefined;
  };

  return {
    push(chunk) {
      let start = 0;
      for (;;) {
        const newline = chunk.indexOf(0x0a, start);
        if (newline === -1) break;
        take(chunk.subarray(start, newline));
        end();
        start = newline + 1;
      }
      if (start < chunk.length) take(chunk.subarray(start));
    },
  };
}
