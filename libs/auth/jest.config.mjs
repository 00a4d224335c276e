import { preset } from '../../jest.preset.mjs';

export default { ...preset, displayName: 'auth', rootDir: import.meta.dirname };
