import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { SessionSchema } from '../../shared/protocol';
import type { SecretStore, StoredSession } from '../core/host';

const StoredSessionSchema = z.object({ serverUrl: z.string(), session: SessionSchema });

/**
 * The browser shell has no OS keychain, so the session token lives in a file only its owner can
 * read. (The Electron app keeps it with safeStorage instead.)
 */
export class FileSecretStore implements SecretStore {
  constructor(private readonly file: string) {}

  async load(): Promise<StoredSession | null> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const parsed = StoredSessionSchema.safeParse(safeJson(text));
    // A damaged file means signing in again, not a crash.
    return parsed.success ? parsed.data : null;
  }

  async save(session: StoredSession): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const temporary = `${this.file}.${process.pid}.tmp`;
    await fs.writeFile(temporary, JSON.stringify(session), { mode: 0o600 });
    await fs.rename(temporary, this.file);
  }

  async clear(): Promise<void> {
    await fs.rm(this.file, { force: true });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
