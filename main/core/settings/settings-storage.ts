import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { AppSettings } from '../../../shared/ipc';

/**
 * Where this computer's app settings live between launches. The host picks the place (Electron's
 * userData, the shell's data dir); tests keep them in memory.
 */
export interface SettingsStorage {
  /** What was saved, not yet validated; null when nothing was (or it could not be read as JSON). */
  load(): Promise<unknown>;
  save(settings: AppSettings): Promise<void>;
  /** Keeps a damaged copy out of the way before defaults replace it (where there is a file). */
  keepAside?(reason: string): Promise<unknown>;
}

export class MemorySettingsStorage implements SettingsStorage {
  constructor(private saved: unknown = null) {}

  async load(): Promise<unknown> {
    return this.saved;
  }

  async save(settings: AppSettings): Promise<void> {
    this.saved = structuredClone(settings);
  }
}

/**
 * A JSON file written atomically (a temporary file, flushed, then renamed over the old one), so a
 * crash mid-write leaves the previous settings, never half of new ones. A file that is not JSON
 * is moved aside (kept for the user or a bug report) and the defaults take its place.
 */
export class JsonFileSettingsStorage implements SettingsStorage {
  constructor(
    private readonly file: string,
    private readonly log: (message: string, detail?: unknown) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {}

  async load(): Promise<unknown> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    try {
      return JSON.parse(text);
    } catch {
      await this.keepAside('is not JSON');
      return null;
    }
  }

  /** Moves the file out of the way so the next save does not destroy what may be recoverable. */
  async keepAside(reason: string): Promise<string | null> {
    const aside = `${this.file}.corrupt-${this.now()}`;
    try {
      await fs.rename(this.file, aside);
      this.log(`settings file ${reason}; kept it as ${aside} and started from defaults`);
      return aside;
    } catch (error) {
      this.log(`settings file ${reason} and could not be moved aside`, error);
      return null;
    }
  }

  async save(settings: AppSettings): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      const handle = await fs.open(temporary, 'w', 0o600);
      try {
        await handle.writeFile(`${JSON.stringify(settings, null, 2)}\n`, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(temporary, this.file);
    } catch (error) {
      await fs.rm(temporary, { force: true }).catch(() => undefined);
      throw error;
    }
  }
}

/** `settings.json` in the host's data folder; in memory when the host has none (tests). */
export function defaultSettingsStorage(dataDir: string | undefined, log: (message: string, detail?: unknown) => void): SettingsStorage {
  return dataDir ? new JsonFileSettingsStorage(path.join(dataDir, 'settings.json'), log) : new MemorySettingsStorage();
}
