import { preset } from '../../jest.preset.mjs';

export default { ...preset, displayName: 'db', rootDir: import.meta.dirname };
