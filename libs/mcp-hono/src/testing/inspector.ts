/**
 * Test support: runs the MCP Inspector CLI (a root devDependency) the way a developer
 * would (`mcp-inspector --cli <target> --method …`, where the target is a URL or
 * `-e K=V -- node <server>`) and parses its JSON output. Runs asynchronously: the
 * server under test may live in this very process.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
export const INSPECTOR_BIN = join(
  ROOT,
  'node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js',
);

export interface InspectorRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

/**
 * The Inspector keeps a catalog and OAuth storage under the home directory; a
 * throwaway HOME keeps test runs from touching the developer's own.
 */
export function runInspector(args: string[], timeoutMs = 30_000): Promise<InspectorRun> {
  const home = mkdtempSync(join(tmpdir(), 'lumen-inspector-'));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [INSPECTOR_BIN, '--cli', ...args],
      {
        cwd: ROOT,
        timeout: timeoutMs,
        maxBuffer: 16 * 1024 * 1024,
        env: {
          PATH: process.env['PATH'] ?? '',
          HOME: home,
          MCP_CATALOG_PATH: join(home, 'mcp.json'),
        },
      },
      (error, stdout, stderr) => {
        rmSync(home, { recursive: true, force: true });
        let json: unknown;
        try {
          json = JSON.parse(stdout);
        } catch {
          json = undefined;
        }
        const exit = (error as { code?: unknown } | null)?.code;
        resolve({ code: error ? (typeof exit === 'number' ? exit : 1) : 0, stdout, stderr, json });
      },
    );
  });
}
