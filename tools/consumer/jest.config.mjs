import { preset } from '../../jest.preset.mjs';

export default { ...preset, displayName: 'consumer', rootDir: import.meta.dirname };
