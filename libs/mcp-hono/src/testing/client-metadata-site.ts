/**
 * Test support: a loopback https site publishing Client ID Metadata Documents, the way
 * a real MCP client vendor publishes https://vendor.example/oauth/client.json.
 */
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';

import { LOOPBACK_TLS_CERT, LOOPBACK_TLS_KEY } from './loopback-tls.js';

export interface ClientMetadataSite {
  /** https://127.0.0.1:<port> */
  origin: string;
  /** Publishes `body` (JSON-encoded unless a string) at `path`. */
  publish(path: string, body: unknown): string;
  /** How many times each path was fetched. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

export async function startClientMetadataSite(): Promise<ClientMetadataSite> {
  const documents = new Map<string, string>();
  const hits = new Map<string, number>();
  const server = createServer({ cert: LOOPBACK_TLS_CERT, key: LOOPBACK_TLS_KEY }, (req, res) => {
    const path = req.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const doc = documents.get(path);
    if (doc === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(doc);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    hits,
    publish: (path, body) => {
      documents.set(path, typeof body === 'string' ? body : JSON.stringify(body));
      return `${origin}${path}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
