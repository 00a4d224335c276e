import { parseArgs } from 'node:util';

export interface StdioArgs {
  transport: 'stdio' | 'http';
  port: number | undefined;
  help: boolean;
  version: boolean;
}

export const USAGE = `Usage: lumen-mcp [--transport stdio|http] [--port N]

  --transport stdio   (default) MCP over stdin/stdout; authenticates with LUMEN_MCP_AUTH_TOKEN
  --transport http    streamable HTTP on --port (default 8001) behind OAuth client credentials

Environment: LUMEN_MCP_AUTH_TOKEN, DATABASE_URL (embedded database when unset),
LUMEN_DATA_DIR, JWT_SECRET (http), LLM_PROVIDER.
`;

export function parseStdioArgs(argv: string[]): StdioArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      transport: { type: 'string', default: 'stdio' },
      port: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.transport !== 'stdio' && values.transport !== 'http') {
    throw new Error(`--transport must be stdio or http, not "${values.transport}"`);
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new Error(`--port must be a port number, not "${values.port}"`);
  }
  return {
    transport: values.transport,
    port,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}
