/**
 * What the built stdio server loads before its transport connects: `main.js`, its static
 * imports and the `stdio-mcp` chunk with everything that chunk imports. `initialize` and
 * `tools/list` wait for exactly that, so it must hold the MCP server and nothing of the
 * database or the domain services, which load while PGlite opens. A library import that
 * drags them in (platform's background jobs importing services.ts did once) put 70 ms on
 * every client's start (bench/stdio-cold-start.ts: 444 against 374 ms) with every other
 * test still green.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ensureBuilt } from './testing/stdio-harness.js';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));

/** Relative static imports of one built file (`from "./x.js"`, `import "./x.js"`). */
function staticImports(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  return [...code.matchAll(/(?:\bfrom|^import)\s*"(\.{1,2}\/[^"]+\.js)"/gm)].map((m) =>
    join(dirname(file), m[1]!),
  );
}

function loadedWith(entries: string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...staticImports(file));
  }
  return seen;
}

beforeAll(() => ensureBuilt());

describe('the stdio server before its transport connects', () => {
  const main = join(dist, 'main.js');
  const mainCode = () => readFileSync(main, 'utf8');
  const lazyChunk = (name: string) => {
    const found = new RegExp(`import\\("(\\./chunks/${name}-[A-Za-z0-9]+\\.js)"\\)`).exec(
      mainCode(),
    );
    if (!found) throw new Error(`main.js has no lazy import of ${name}`);
    return join(dist, found[1]!);
  };

  it('loads the MCP server without the database client or the domain services', () => {
    const early = loadedWith([main, lazyChunk('stdio-mcp')]);
    const code = [...early].map((file) => readFileSync(file, 'utf8')).join('\n');
    expect(code).toContain('LineStdioServerTransport');
    expect(code).not.toMatch(/from\s*"@prisma\/client/);
    // The services chunk (createServices and what it builds) stays a lazy import.
    expect(early.has(lazyChunk('stdio-services'))).toBe(false);
    const services = loadedWith([lazyChunk('stdio-services')]);
    const sharedBytes = [...services]
      .filter((file) => early.has(file))
      .reduce((n, file) => n + readFileSync(file).length, 0);
    const servicesBytes = [...services].reduce((n, file) => n + readFileSync(file).length, 0);
    // Some small modules are shared (errors, the background jobs); the bulk is not.
    expect(sharedBytes).toBeLessThan(servicesBytes / 4);
  });
});
