import { PassThrough } from 'node:stream';

import { LineStdioServerTransport } from './stdio-transport.js';

/** A transport over in-memory pipes; resolves `settled()` true once whenAnswered does. */
async function started() {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const transport = new LineStdioServerTransport(stdin, stdout);
  const received: unknown[] = [];
  transport.onmessage = (message) => received.push(message);
  await transport.start();
  const send = async (message: object) => {
    stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
    await new Promise((resolve) => setImmediate(resolve));
  };
  const answered = () => {
    let done = false;
    void transport.whenAnswered().then(() => (done = true));
    return async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return done;
    };
  };
  return { transport, send, answered, received };
}

describe('LineStdioServerTransport: what is still unanswered when stdin closes', () => {
  it('waits for the answer to every request received', async () => {
    const { transport, send, answered } = await started();
    expect(await answered()()).toBe(true);
    await send({ id: 1, method: 'tools/list' });
    await send({ id: 'two', method: 'tools/call', params: { name: 'list_courses' } });
    await send({ method: 'notifications/initialized' });
    const settled = answered();
    expect(await settled()).toBe(false);
    await transport.send({ jsonrpc: '2.0', id: 1, result: {} });
    expect(await settled()).toBe(false);
    await transport.send({ jsonrpc: '2.0', id: 'two', error: { code: -1, message: 'no' } });
    expect(await settled()).toBe(true);
  });

  it('stops waiting for a request the client cancelled (the SDK answers it with nothing)', async () => {
    const { send, answered } = await started();
    await send({ id: 7, method: 'tools/call', params: { name: 'ask_tutor' } });
    const settled = answered();
    expect(await settled()).toBe(false);
    await send({ method: 'notifications/cancelled', params: { requestId: 7 } });
    expect(await settled()).toBe(true);
  });

  it('does not count requests it refused itself (they were answered with an error line)', async () => {
    const { send, answered, received } = await started();
    await send({ id: 3, nonsense: true });
    expect(received).toEqual([]);
    expect(await answered()()).toBe(true);
  });
});
