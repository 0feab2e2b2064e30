import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { App } from 'electron';

/** Passed when the OS starts Magpie at login: it starts in the tray, without a window. */
export const HIDDEN_ARG = '--hidden';
export const AUTOSTART_FILE = 'magpie.desktop';

export interface LoginItemHost {
  app: Pick<App, 'setLoginItemSettings'>;
  platform: NodeJS.Platform;
  execPath: string;
  env: NodeJS.ProcessEnv;
  homeDir: string;
}

/**
 * Start at login. Windows and macOS keep login items themselves; Linux desktops follow the XDG
 * autostart spec: a .desktop file in ~/.config/autostart (or $XDG_CONFIG_HOME/autostart).
 */
export async function setStartAtLogin(enabled: boolean, host: LoginItemHost): Promise<void> {
  if (host.platform === 'win32' || host.platform === 'darwin') {
    host.app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_ARG] });
    return;
  }
  if (host.platform !== 'linux') return;
  const file = autostartPath(host);
  if (!enabled) {
    await fs.rm(file, { force: true });
    return;
  }
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temporary, autostartEntry(launchCommand(host)), { mode: 0o644 });
  await fs.rename(temporary, file);
}

export function autostartPath(host: Pick<LoginItemHost, 'env' | 'homeDir'>): string {
  const configHome = host.env.XDG_CONFIG_HOME && path.isAbsolute(host.env.XDG_CONFIG_HOME) ? host.env.XDG_CONFIG_HOME : path.join(host.homeDir, '.config');
  return path.join(configHome, 'autostart', AUTOSTART_FILE);
}

/** An AppImage runs from a temporary mount; the file to start is the AppImage itself. */
function launchCommand(host: Pick<LoginItemHost, 'env' | 'execPath'>): string {
  return host.env.APPIMAGE && path.isAbsolute(host.env.APPIMAGE) ? host.env.APPIMAGE : host.execPath;
}

export function autostartEntry(executable: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Magpie',
    'Comment=Desktop team messenger',
    `Exec=${quoteExecArg(executable)} ${HIDDEN_ARG}`,
    'Icon=magpie',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/**
 * Quoting per the Desktop Entry spec's Exec key: inside double quotes, `"`, `` ` ``, `$` and `\`
 * are backslash-escaped; `%` is doubled (field codes); the key's value is then escaped once more
 * as a string, so every backslash doubles again. Newlines cannot appear in a path we accept.
 */
export function quoteExecArg(arg: string): string {
  if (/[\r\n]/.test(arg)) throw new Error('a launch path with a line break cannot be written to a .desktop file');
  const quoted = `"${arg.replace(/(["`$\\])/g, '\\$1').replace(/%/g, '%%')}"`;
  return quoted.replace(/\\/g, '\\\\');
}
