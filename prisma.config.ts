// Prisma CLI configuration. Only `prisma generate` is used: it runs on bundled WASM.
// The CLI insists on locating a native schema engine at start-up even though
// generation never calls it, and downloading one fails on offline machines, so we
// point it at an existing file. Migrations are applied by libs/db's own migrator.
import { fileURLToPath } from 'node:url';

import { defineConfig } from 'prisma/config';

process.env['PRISMA_SCHEMA_ENGINE_BINARY'] ??= fileURLToPath(import.meta.url);
process.env['PRISMA_HIDE_UPDATE_MESSAGE'] ??= '1';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
