/**
 * Test support: an SDK `Client` linked in memory to a Lumen MCP server on the real
 * services, acting as whichever seeded user (and scopes) the test says.
 */
import type { Principal } from '@lumen/auth';
import type { Db } from '@lumen/db';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';

import { createLumenServerFactory } from '../create-server.js';
import { realServices } from './real-services.js';

export interface InMemoryLumen {
  client: Client;
  /** Calls from now on run as the user with this email, holding `scopes`. */
  as(email: string, scopes?: string[]): Promise<void>;
  /** Errors the server reported as internal (a test expects none). */
  internal: unknown[];
}

export async function connectInMemory(db: Db): Promise<InMemoryLumen> {
  let principal: Principal | undefined;
  const internal: unknown[] = [];
  const factory = createLumenServerFactory({
    services: realServices(db),
    resolvePrincipal: async () => {
      if (!principal) throw new Error('call as() first');
      return principal;
    },
    onInternalError: (error) => internal.push(error),
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await factory().connect(serverSide);
  const client = new Client({ name: 'test', version: '1' });
  await client.connect(clientSide);
  return {
    client,
    internal,
    async as(email, scopes = ['*']) {
      const user = await db.prisma.user.findUniqueOrThrow({ where: { email } });
      principal = { userId: user.id, email, role: user.role, clientId: 'lmc_test', scopes };
    },
  };
}

/** The JSON-RPC error a request was refused with (its code, data.code and message). */
export async function refusal(
  promise: Promise<unknown>,
): Promise<{ code: number; mcpCode: string | undefined; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { code: number; message: string; data?: { code?: string } };
    return { code: e.code, mcpCode: e.data?.code, message: e.message };
  }
  throw new Error('expected the request to be refused');
}
