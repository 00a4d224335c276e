/**
 * The few PostgreSQL wire-protocol (v3) messages the embedded database's socket
 * server reads and writes itself; everything else passes through to PGlite as bytes.
 */

/** One backend or frontend message: its type byte and its whole bytes (type included). */
export interface WireMessage {
  type: number;
  bytes: Buffer;
}

export const PROTOCOL_V3 = 196608;
export const SSL_REQUEST = 80877103;
export const GSS_REQUEST = 80877104;
export const CANCEL_REQUEST = 80877102;

/** Splits complete typed messages off the front of `buffer`; returns them and the rest. */
export function splitMessages(buffer: Buffer): { messages: WireMessage[]; rest: Buffer } {
  const messages: WireMessage[] = [];
  let offset = 0;
  while (buffer.length - offset >= 5) {
    const length = buffer.readInt32BE(offset + 1);
    if (buffer.length - offset < 1 + length) break;
    messages.push({ type: buffer[offset]!, bytes: buffer.subarray(offset, offset + 1 + length) });
    offset += 1 + length;
  }
  return { messages, rest: buffer.subarray(offset) };
}

function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

const cstring = (text: string) => Buffer.from(`${text}\0`, 'utf8');

export function authenticationOk(): Buffer {
  return message('R', Buffer.alloc(4));
}

export function parameterStatus(name: string, value: string): Buffer {
  return message('S', Buffer.concat([cstring(name), cstring(value)]));
}

export function backendKeyData(pid: number, key: number): Buffer {
  const body = Buffer.alloc(8);
  body.writeInt32BE(pid, 0);
  body.writeInt32BE(key, 4);
  return message('K', body);
}

export function readyForQuery(status: 'I' | 'T' | 'E'): Buffer {
  return message('Z', Buffer.from(status, 'latin1'));
}

export function commandComplete(tag: string): Buffer {
  return message('C', cstring(tag));
}

export function errorResponse(
  code: string,
  text: string,
  severity: 'ERROR' | 'FATAL' = 'ERROR',
): Buffer {
  return message(
    'E',
    Buffer.concat([
      Buffer.from('S'),
      cstring(severity),
      Buffer.from('C'),
      cstring(code),
      Buffer.from('M'),
      cstring(text),
      Buffer.from([0]),
    ]),
  );
}

export function notificationResponse(pid: number, channel: string, payload: string): Buffer {
  const pidBytes = Buffer.alloc(4);
  pidBytes.writeInt32BE(pid, 0);
  return message('A', Buffer.concat([pidBytes, cstring(channel), cstring(payload)]));
}

/** A frontend simple query ('Q') as sent by any driver. */
export function simpleQuery(sql: string): Buffer {
  return message('Q', cstring(sql));
}

export function sync(): Buffer {
  return message('S', Buffer.alloc(0));
}

/** The text of a simple query message. */
export function queryText(msg: WireMessage): string {
  return msg.bytes.toString('utf8', 5, msg.bytes.length - 1);
}

/** Channel and payload of a NotificationResponse ('A'). */
export function readNotification(msg: WireMessage): { channel: string; payload: string } {
  const body = msg.bytes.subarray(9);
  const end = body.indexOf(0);
  const channel = body.toString('utf8', 0, end);
  const payload = body.toString('utf8', end + 1, body.indexOf(0, end + 1));
  return { channel, payload };
}

function readCString(bytes: Buffer, offset: number): { text: string; end: number } {
  const end = bytes.indexOf(0, offset);
  return { text: bytes.toString('utf8', offset, end), end: end + 1 };
}

function rebuild(type: number, parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(5);
  head[0] = type;
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

/**
 * Gives a connection's named prepared statements and portals a prefix of its own, so
 * that connections sharing PGlite's one session cannot collide on a name (drivers
 * name statements per connection). Unnamed ones, shared by design, stay as they are.
 * Reports the statement a Parse created or a Close removed, under its new name.
 */
export function scopeNames(
  msg: WireMessage,
  prefix: string,
): { bytes: Buffer; parsed?: string; closed?: string } {
  const scoped = (name: string) => (name === '' ? '' : `${prefix}${name}`);
  const b = msg.bytes;
  switch (msg.type) {
    case 0x50 /* P */: {
      const name = readCString(b, 5);
      const renamed = scoped(name.text);
      const out = rebuild(msg.type, [cstring(renamed), b.subarray(name.end)]);
      return renamed ? { bytes: out, parsed: renamed } : { bytes: out };
    }
    case 0x42 /* B */: {
      const portal = readCString(b, 5);
      const statement = readCString(b, portal.end);
      return {
        bytes: rebuild(msg.type, [
          cstring(scoped(portal.text)),
          cstring(scoped(statement.text)),
          b.subarray(statement.end),
        ]),
      };
    }
    case 0x45 /* E */: {
      const portal = readCString(b, 5);
      return { bytes: rebuild(msg.type, [cstring(scoped(portal.text)), b.subarray(portal.end)]) };
    }
    case 0x44 /* D */:
    case 0x43 /* C */: {
      const kind = b.subarray(5, 6);
      const name = readCString(b, 6);
      const renamed = scoped(name.text);
      const out = rebuild(msg.type, [kind, cstring(renamed)]);
      return msg.type === 0x43 && kind[0] === 0x53 && renamed
        ? { bytes: out, closed: renamed }
        : { bytes: out };
    }
    default:
      return { bytes: b };
  }
}
