import { mkdtempSync, readFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { autostartEntry, autostartPath, quoteExecArg, setStartAtLogin } from './login-item';

vi.mock('electron', () => ({}));

function host(platform: NodeJS.Platform, env: NodeJS.ProcessEnv = {}) {
  const homeDir = mkdtempSync(path.join(os.tmpdir(), 'magpie-home-'));
  return { app: { setLoginItemSettings: vi.fn() }, platform, execPath: '/opt/Magpie/magpie', env, homeDir };
}

describe('start at login', () => {
  it('Windows and macOS: a login item that starts Magpie in the tray', async () => {
    for (const platform of ['win32', 'darwin'] as const) {
      const h = host(platform);
      await setStartAtLogin(true, h);
      await setStartAtLogin(false, h);
      expect(h.app.setLoginItemSettings.mock.calls).toEqual([[{ openAtLogin: true, args: ['--hidden'] }], [{ openAtLogin: false, args: ['--hidden'] }]]);
    }
  });

  it('Linux: an XDG autostart entry in ~/.config/autostart, removed again when turned off', async () => {
    const h = host('linux');
    const file = path.join(h.homeDir, '.config', 'autostart', 'magpie.desktop');
    await setStartAtLogin(true, h);
    expect(readFileSync(file, 'utf8')).toBe(autostartEntry('/opt/Magpie/magpie'));
    expect(readFileSync(file, 'utf8')).toContain('Exec="/opt/Magpie/magpie" --hidden\n');
    expect(h.app.setLoginItemSettings).not.toHaveBeenCalled();
    await setStartAtLogin(false, h);
    expect(existsSync(file)).toBe(false);
    await expect(setStartAtLogin(false, h)).resolves.toBeUndefined();
  });

  it('Linux: honours XDG_CONFIG_HOME and starts the AppImage, not its temporary mount', async () => {
    const h = host('linux');
    const config = path.join(h.homeDir, 'cfg');
    h.env = { XDG_CONFIG_HOME: config, APPIMAGE: '/home/ann/Apps/Magpie 1.0.AppImage' };
    await setStartAtLogin(true, h);
    expect(readFileSync(path.join(config, 'autostart', 'magpie.desktop'), 'utf8')).toContain('Exec="/home/ann/Apps/Magpie 1.0.AppImage" --hidden');
    expect(autostartPath({ env: { XDG_CONFIG_HOME: 'relative/dir' }, homeDir: '/home/ann' })).toBe('/home/ann/.config/autostart/magpie.desktop');
  });

  it('Linux: an unwritable autostart folder is an error the settings change reports', async () => {
    const h = host('linux');
    mkdirSync(path.join(h.homeDir, '.config'));
    writeFileSync(path.join(h.homeDir, '.config', 'autostart'), 'a file where the folder should be');
    await expect(setStartAtLogin(true, h)).rejects.toThrow();
  });

  it('quotes the launch path as the Desktop Entry spec asks', () => {
    expect(quoteExecArg('/opt/Magpie/magpie')).toBe('"/opt/Magpie/magpie"');
    expect(quoteExecArg('/opt/My "Apps"/$HOME/100%/a\\b')).toBe('"/opt/My \\\\"Apps\\\\"/\\\\$HOME/100%%/a\\\\\\\\b"');
    expect(() => quoteExecArg('/opt/x\nExec=evil')).toThrow();
  });
});
