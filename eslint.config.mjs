import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default [
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/generated/**',
      '**/*.generated.ts',
      '.nx/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'separate-type-imports' },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          // Apps are roots: they depend on libraries only, never on another app. The
          // composition they share (configuration, database, services) is @lumen/platform.
          depConstraints: [
            { sourceTag: 'type:db', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:auth', onlyDependOnLibsWithTags: ['type:db', 'type:domain'] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:db'] },
            { sourceTag: 'type:mcp-tools', onlyDependOnLibsWithTags: ['type:domain', 'type:auth'] },
            // The outside consumer (tools/consumer) imports what a published package offers.
            {
              sourceTag: 'type:e2e',
              onlyDependOnLibsWithTags: [
                'type:db',
                'type:domain',
                'type:auth',
                'type:mcp-tools',
                'type:platform',
                'type:mcp-hono',
              ],
            },
            {
              sourceTag: 'type:platform',
              // mcp-tools for the LumenServices type the composition satisfies.
              onlyDependOnLibsWithTags: ['type:db', 'type:domain', 'type:auth', 'type:mcp-tools'],
            },
            {
              sourceTag: 'type:mcp-hono',
              onlyDependOnLibsWithTags: [
                'type:db',
                'type:domain',
                'type:auth',
                'type:mcp-tools',
                'type:platform',
              ],
            },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:db',
                'type:domain',
                'type:auth',
                'type:mcp-tools',
                'type:platform',
                'type:mcp-hono',
              ],
            },
          ],
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@lumen/*/src/*', '../../libs/*', '../../apps/*'],
              message: 'Import packages by name, not by path.',
            },
            {
              // The apps' own package names (workspace links in node_modules).
              group: [
                '@lumen/mcp-http',
                '@lumen/mcp-http/*',
                '@lumen/mcp-server',
                '@lumen/mcp-server/*',
                '@lumen/cli',
                '@lumen/cli/*',
              ],
              message:
                'An app is a root: import libraries (@lumen/platform, @lumen/mcp-hono), never an app.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests may open real databases through @lumen/db's testing helpers.
    files: ['**/*.test.ts', '**/testing/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: ['@lumen/mcp-hono/testing', '@lumen/db/testing', '@lumen/domain/testing'],
          depConstraints: [
            // Not even a test imports another app: shared test support lives in libraries.
            { sourceTag: 'type:app', notDependOnLibsWithTags: ['type:app'] },
            { sourceTag: '*', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
    },
  },
  {
    // Libraries and the stdio app never print: stdout carries the MCP protocol.
    files: ['libs/**/*.ts', 'apps/mcp-stdio/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    // Transport-agnostic libraries import no transport or storage driver directly.
    files: ['libs/domain/**/*.ts', 'libs/auth/**/*.ts', 'libs/mcp-tools/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['hono', '@hono/node-server', 'pg', '@electric-sql/pglite', '@prisma/client'],
          patterns: [
            {
              group: [
                'hono/*',
                '@modelcontextprotocol/sdk/server/stdio*',
                '@modelcontextprotocol/sdk/server/streamableHttp*',
              ],
              message: 'Transports belong in apps/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/domain/**/*.ts', 'libs/auth/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['hono', '@hono/node-server', 'pg', '@electric-sql/pglite', '@prisma/client'],
          patterns: [
            {
              group: ['hono/*', '@modelcontextprotocol/*'],
              message: 'Domain and auth know no transport.',
            },
          ],
        },
      ],
    },
  },
];
