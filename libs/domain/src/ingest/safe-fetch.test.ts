import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { createAddressPolicy } from './address-policy.js';
import { safeFetch, systemLookup } from './safe-fetch.js';
import type { SafeFetchConfig } from './safe-fetch.js';

describe('safeFetch on a kept-alive connection', () => {
  let server: Server;
  let base: string;
  const config: SafeFetchConfig = {
    policy: createAddressPolicy(['127.0.0.0/8']),
    lookup: systemLookup,
    maxBytes: 1_000_000,
    timeoutMs: 5_000,
    maxRedirects: 3,
  };

  beforeAll(async () => {
    // Answers the first request on each connection and resets the connection on the
    // second, as a server whose keep-alive timer fired just as the next request arrived.
    const served = new WeakMap<object, number>();
    server = createServer((req, res) => {
      const n = (served.get(req.socket) ?? 0) + 1;
      served.set(req.socket, n);
      if (n > 1) {
        req.socket.resetAndDestroy();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<p>page ${req.url}</p>`);
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('resends a GET once when the server resets the reused connection', async () => {
    const first = await safeFetch(config, { url: `${base}/one`, accept: ['text/html'] });
    const second = await safeFetch(config, { url: `${base}/two`, accept: ['text/html'] });
    expect(first.ok && first.value.body).toBe('<p>page /one</p>');
    expect(second.ok && second.value.body).toBe('<p>page /two</p>');
  });
});
