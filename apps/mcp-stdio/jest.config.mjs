import { preset } from '../../jest.preset.mjs';

export default { ...preset, displayName: 'mcp-stdio', rootDir: import.meta.dirname };
