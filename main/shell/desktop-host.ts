import { spawn as nodeSpawn, type SpawnOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MagpieError } from '../../shared/errors';
import type { DesktopHost } from '../core/host';

export type Spawn = (command: string, args: string[], options: SpawnOptions) => ReturnType<typeof nodeSpawn>;

export interface ShellDesktopOptions {
  dataDir: string;
  /** Where downloads go; unset: the user's Downloads folder (XDG on Linux). */
  downloadsDir?: string;
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  spawn?: Spawn;
}

/**
 * The browser shell's desktop: plain Node. Files open with the platform's opener (xdg-open,
 * open, start) run detached; a page in a browser cannot start an OS drag of a local file, so
 * that says `app.unsupported`. Media is served by the shell's own HTTP server under `/media/`.
 */
export function shellDesktopHost(options: ShellDesktopOptions): DesktopHost {
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;
  const spawn = options.spawn ?? nodeSpawn;

  const run = (command: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(command, args, { detached: true, stdio: 'ignore', windowsHide: true });
      child.once('error', () => reject(new MagpieError('app.unsupported', `No program to open files with (${command})`)));
      child.once('spawn', () => {
        child.unref();
        resolve();
      });
    });

  const open = (target: string) => {
    if (platform === 'darwin') return run('open', [target]);
    if (platform === 'win32') return run('cmd', ['/c', 'start', '""', target]);
    return run('xdg-open', [target]);
  };

  return {
    dataDir: options.dataDir,
    downloadsDir: () => options.downloadsDir ?? userDownloadsDir(platform, env),
    openPath: (file) => open(file),
    showItemInFolder: (file) => {
      if (platform === 'darwin') return run('open', ['-R', file]);
      if (platform === 'win32') return run('explorer', [`/select,${file}`]);
      // No portable "select this file" on Linux desktops: open its folder.
      return open(path.dirname(file));
    },
    startDrag: async () => {
      throw new MagpieError('app.unsupported', 'Dragging files out works in the desktop app only');
    },
    mediaBaseUrl: '/media/',
  };
}

/** The user's Downloads folder: XDG's user-dirs on Linux, ~/Downloads elsewhere and as fallback. */
export function userDownloadsDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string {
  const home = env.HOME ?? os.homedir();
  if (platform === 'linux') {
    const config = env.XDG_CONFIG_HOME ?? path.join(home, '.config');
    try {
      const text = readFileSync(path.join(config, 'user-dirs.dirs'), 'utf8');
      const match = /^XDG_DOWNLOAD_DIR="([^"]+)"/m.exec(text);
      if (match) return match[1]!.replace(/^\$HOME/, home);
    } catch {
      // No user-dirs file: the common default.
    }
  }
  return path.join(home, 'Downloads');
}
