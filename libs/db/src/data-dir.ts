import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the embedded database lives when LUMEN_DATA_DIR is not set: the platform's
 * per-user data folder (XDG on Linux, Application Support on macOS, LOCALAPPDATA on
 * Windows). The caller passes its environment; libraries never read process.env.
 */
export function defaultDataDir(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (platform === 'win32') {
    return join(env['LOCALAPPDATA'] ?? join(home, 'AppData', 'Local'), 'Lumen');
  }
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Lumen');
  return join(env['XDG_DATA_HOME'] || join(home, '.local', 'share'), 'lumen');
}
