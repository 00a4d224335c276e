import { AuthError } from '@lumen/auth';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';

import { createLumenServerFactory } from './create-server.js';
import type { LumenServices } from './services.js';
import { refusal } from './testing/in-memory-client.js';

describe('refused callers on resources, prompts and completions', () => {
  it('answers a revoked or unknown credential with -32003 and its code, never internal', async () => {
    const internal: unknown[] = [];
    const factory = createLumenServerFactory({
      // The caller is refused before any service is used.
      services: {} as LumenServices,
      resolvePrincipal: async () => {
        throw new AuthError('mcp.client_revoked', 'this client was revoked');
      },
      onInternalError: (error) => internal.push(error),
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await factory().connect(serverSide);
    const client = new Client({ name: 'test', version: '1' });
    await client.connect(clientSide);
    for (const request of [
      () => client.readResource({ uri: 'lumen://courses/x' }),
      () => client.listResources(),
      () => client.getPrompt({ name: 'study_session' }),
      () =>
        client.complete({
          ref: { type: 'ref/resource', uri: 'lumen://courses/{slug}' },
          argument: { name: 'slug', value: '' },
        }),
    ]) {
      const refused = await refusal(request());
      expect(refused).toMatchObject({ code: -32003, mcpCode: 'mcp.client_revoked' });
      // The SDK client prefixes "MCP error -32003: " to the server's message.
      expect(refused.message).toMatch(/: mcp\.client_revoked: this client was revoked$/);
    }
    // Listings that need no caller still answer.
    expect((await client.listResourceTemplates()).resourceTemplates).toHaveLength(2);
    expect((await client.listPrompts()).prompts).toHaveLength(3);
    expect(internal).toEqual([]);
    await client.close();
  });
});
