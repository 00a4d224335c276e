import { preset } from '../../jest.preset.mjs';

export default { ...preset, displayName: 'mcp-tools', rootDir: import.meta.dirname };
