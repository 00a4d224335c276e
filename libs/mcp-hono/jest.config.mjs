import { preset } from '../../jest.preset.mjs';

export default { ...preset, displayName: 'mcp-hono', rootDir: import.meta.dirname };
