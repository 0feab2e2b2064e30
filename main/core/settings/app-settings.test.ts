import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_APP_SETTINGS, type AppSettings } from '../../../shared/ipc';
import { CoreEvents } from '../events';
import { AppSettingsService } from './app-settings';
import { JsonFileSettingsStorage, MemorySettingsStorage } from './settings-storage';

function tempFile() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'magpie-settings-'));
  return { dir, file: path.join(dir, 'settings.json') };
}

function service(storage = new MemorySettingsStorage() as MemorySettingsStorage | JsonFileSettingsStorage, apply?: (next: AppSettings, previous: AppSettings) => Promise<void>) {
  const events = new CoreEvents();
  const changed: AppSettings[] = [];
  events.on('settings.changed', (settings) => changed.push(settings));
  return { settings: new AppSettingsService({ storage, events, apply, log: () => {} }), changed };
}

describe('app settings', () => {
  it('start from the defaults and keep a change across launches, in a JSON file', async () => {
    const { file } = tempFile();
    const first = service(new JsonFileSettingsStorage(file));
    expect(await first.settings.get()).toEqual(DEFAULT_APP_SETTINGS);
    const updated = await first.settings.update({ notifications: { mode: 'mentions', dndUntil: 5 }, closeToTray: false });
    expect(updated).toEqual({ ...DEFAULT_APP_SETTINGS, notifications: { ...DEFAULT_APP_SETTINGS.notifications, mode: 'mentions', dndUntil: 5 }, closeToTray: false });
    expect(first.changed).toEqual([updated]);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(updated);

    const second = service(new JsonFileSettingsStorage(file));
    expect(await second.settings.get()).toEqual(updated);
  });

  it('a change that changes nothing is not saved or announced', async () => {
    const { settings, changed } = service();
    await settings.update({ startAtLogin: false, notifications: { enabled: true } });
    expect(changed).toEqual([]);
  });

  it('a file that is not JSON is kept aside and the defaults are used', async () => {
    const { dir, file } = tempFile();
    writeFileSync(file, '{"notifications": {"enabled": fal');
    const log = vi.fn();
    const { settings } = service(new JsonFileSettingsStorage(file, log, () => 42));
    expect(await settings.get()).toEqual(DEFAULT_APP_SETTINGS);
    expect(readFileSync(path.join(dir, 'settings.json.corrupt-42'), 'utf8')).toBe('{"notifications": {"enabled": fal');
    expect(log).toHaveBeenCalled();
    await settings.update({ startAtLogin: true });
    expect(JSON.parse(readFileSync(file, 'utf8')).startAtLogin).toBe(true);
  });

  it('a file with some bad values keeps the good ones and is kept aside', async () => {
    const { dir, file } = tempFile();
    writeFileSync(file, JSON.stringify({ notifications: { enabled: false, sound: 'loud', mode: 'all', dndUntil: -3 }, startAtLogin: true, closeToTray: 'yes' }));
    const { settings } = service(new JsonFileSettingsStorage(file, () => {}, () => 7));
    expect(await settings.get()).toEqual({
      notifications: { enabled: false, sound: true, mode: 'all', dndUntil: null },
      startAtLogin: true,
      closeToTray: true,
    });
    expect(readdirSync(dir)).toContain('settings.json.corrupt-7');
  });

  it('a save leaves no temporary files behind', async () => {
    const { dir, file } = tempFile();
    const { settings } = service(new JsonFileSettingsStorage(file));
    await settings.update({ closeToTray: false });
    await settings.update({ closeToTray: true });
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('the OS is told before saving; if it refuses, nothing changes', async () => {
    const apply = vi.fn(async (next: AppSettings) => {
      if (next.startAtLogin) throw new Error('autostart folder is read-only');
    });
    const storage = new MemorySettingsStorage();
    const { settings, changed } = service(storage, apply);
    await expect(settings.update({ startAtLogin: true })).rejects.toThrow('read-only');
    expect(await settings.get()).toEqual(DEFAULT_APP_SETTINGS);
    expect(await storage.load()).toBeNull();
    expect(changed).toEqual([]);
  });

  it('if saving fails, the OS change is undone', async () => {
    const apply = vi.fn(async (_next: AppSettings, _previous: AppSettings) => {});
    const storage = new MemorySettingsStorage();
    vi.spyOn(storage, 'save').mockRejectedValueOnce(new Error('disk full'));
    const { settings } = service(storage, apply);
    await expect(settings.update({ startAtLogin: true })).rejects.toThrow('disk full');
    expect(apply.mock.calls.map(([next]) => next.startAtLogin)).toEqual([true, false]);
    expect((await settings.get()).startAtLogin).toBe(false);
  });

  it('updates apply one at a time, each on top of the last', async () => {
    const { settings } = service();
    await Promise.all([settings.update({ notifications: { sound: false } }), settings.update({ notifications: { mode: 'mentions' } })]);
    expect((await settings.get()).notifications).toMatchObject({ sound: false, mode: 'mentions' });
  });
});
