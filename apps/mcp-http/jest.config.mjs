import { preset } from '../../jest.preset.mjs';

export default { ...preset, displayName: 'mcp-http', rootDir: import.meta.dirname };
