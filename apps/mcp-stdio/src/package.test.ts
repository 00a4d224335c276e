/**
 * The stdio app as a published package: `npm pack` of apps/mcp-stdio, installed into an
 * empty folder the way `npx` would, must start from its bin and list the nine tools —
 * proving the bundle's run-time imports are all declared in its package.json. Also
 * checks the registry metadata (server.json) against the vendored registry schema.
 *
 * It builds, packs and runs `npm install` (from the npm cache when warm): about 30 s.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { GUIDE_TOOL_NAMES } from '@lumen/mcp-hono/testing';

const app = fileURLToPath(new URL('..', import.meta.url));
const root = join(app, '../..');
const readJson = (path: string) =>
  JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

describe('registry metadata', () => {
  const pkg = readJson(join(app, 'package.json'));
  const server = readJson(join(app, 'server.json')) as {
    name: string;
    version: string;
    packages: Array<{ identifier: string; version: string }>;
  };

  it('gives the package and server.json the same version and name', () => {
    expect(server.version).toBe(pkg['version']);
    expect(server.packages.map((p) => [p.identifier, p.version])).toEqual([
      [pkg['name'], pkg['version']],
    ]);
    // The registry proves npm ownership by this field matching server.json's name.
    expect(pkg['mcpName']).toBe(server.name);
  });

  it('validates server.json against the registry schema', () => {
    const schema = readJson(join(app, 'registry/server.schema.2025-12-11.json'));
    const validate = new AjvJsonSchemaValidator().getValidator(schema as never);
    expect(validate(server).errorMessage).toBeUndefined();
    expect(
      validate({ ...server, packages: [{ ...server.packages[0], version: 'latest' }] }).valid,
    ).toBe(false);
  });
});

describe('the packed lumen-mcp package', () => {
  let work: string;
  let tarball: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'lumen-pack-'));
    // Checks package.json's dependencies against the bundle's imports, rebuilds, packs.
    tarball = execFileSync(
      process.execPath,
      [join(root, 'tools/pack-stdio.mjs'), '--check', '--pack', work],
      {
        encoding: 'utf8',
      },
    ).trim();
    writeFileSync(join(work, 'package.json'), '{ "name": "consumer", "private": true }\n');
    execFileSync(
      'npm',
      ['install', tarball, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'],
      {
        cwd: work,
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
  }, 300_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('ships the bundle, readme and server.json but no sources', () => {
    const listed = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    expect(listed).toEqual(
      expect.arrayContaining([
        'package/dist/main.js',
        'package/README.md',
        'package/server.json',
        'package/package.json',
      ]),
    );
    expect(listed.filter((f) => f.endsWith('.ts') || f.includes('/src/'))).toEqual([]);
  });

  it('reads pages with the ingest’s HTML worker, whose packages are bundled into it', () => {
    // The worker runs from a script embedded in the bundle: Readability and Turndown are
    // not dependencies of the package, so this proves the embedded script is complete.
    const script = `
      import { readdirSync } from 'node:fs';
      const dir = ${JSON.stringify(join(work, 'node_modules/@lumen/mcp-server/dist/chunks/'))};
      const file = readdirSync(dir).find((name) => /^read-html-page-.*\\.js$/.test(name));
      const { createHtmlPageReader } = await import(dir + file);
      const read = createHtmlPageReader({ maxDepth: 256, maxElements: 50000, timeoutMs: 30000 });
      const page = await read('<html><body><article><h1>Packed</h1><p>' + 'A sentence to read. '.repeat(20) + '</p></article></body></html>');
      const deep = await read('<html><body>' + '<div>'.repeat(5000) + '</body></html>').catch((error) => error.code);
      console.log(JSON.stringify({ title: page.title, deep }));
    `;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: work,
      encoding: 'utf8',
    });
    expect(JSON.parse(output)).toEqual({ title: 'Packed', deep: 'mcp.ingest.too_complex' });
  });

  it('starts from its bin and lists exactly the nine tools', async () => {
    const transport = new StdioClientTransport({
      command: join(work, 'node_modules/.bin/lumen-mcp'),
      args: ['--transport', 'stdio'],
      // Only what a user's MCP client would pass: no DATABASE_URL, a fresh data dir.
      env: { PATH: process.env['PATH'] ?? '', HOME: work, LUMEN_DATA_DIR: join(work, 'data') },
      stderr: 'ignore',
    });
    const client = new Client({ name: 'package-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(GUIDE_TOOL_NAMES);
    } finally {
      await client.close();
    }
  });
});
