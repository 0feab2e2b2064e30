import { chmod, readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { SafeStorage } from 'electron';
import { z } from 'zod';
import { SessionSchema } from '../../shared/protocol';
import type { SecretStore, StoredSession } from '../core/host';

/**
 * Keeps the session token between launches, encrypted with the OS keychain through safeStorage
 * (Element's store.ts does the same). When the OS offers no real encryption the token is kept in
 * memory only: the user signs in again next launch, which beats a readable token on disk.
 */

export type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> &
  Partial<Pick<SafeStorage, 'getSelectedStorageBackend'>>;

export interface SafeStorageSecretStoreOptions {
  safeStorage: SafeStorageLike;
  /** `userData/session.bin`. */
  file: string;
  /** getSelectedStorageBackend exists on Linux only. */
  platform?: NodeJS.Platform;
  log?: (message: string, detail?: unknown) => void;
}

const StoredSessionSchema = z.object({ serverUrl: z.string(), session: SessionSchema });

export class SafeStorageSecretStore implements SecretStore {
  /** Set only while the OS cannot encrypt: the session lives here instead of on disk. */
  private memoryOnly: StoredSession | null | undefined = undefined;
  private readonly log: (message: string, detail?: unknown) => void;

  constructor(private readonly options: SafeStorageSecretStoreOptions) {
    this.log = options.log ?? ((message, detail) => console.warn(`[secrets] ${message}`, detail ?? ''));
  }

  async load(): Promise<StoredSession | null> {
    if (this.memoryOnly !== undefined) return this.memoryOnly;
    let encrypted: Buffer;
    try {
      encrypted = await readFile(this.options.file);
    } catch (error) {
      if (isNotFound(error)) return null;
      this.log('could not read the saved session', error);
      return null;
    }
    const refusal = this.whyNotEncrypted();
    if (refusal) {
      this.log(`cannot read the saved session: ${refusal}`);
      return null;
    }
    try {
      const parsed = StoredSessionSchema.safeParse(JSON.parse(this.options.safeStorage.decryptString(encrypted)));
      if (parsed.success) return parsed.data;
      this.log('the saved session has an unexpected shape; signing in again');
    } catch (error) {
      // Another user's keychain, a restored backup, a corrupt file: all mean "sign in again".
      this.log('the saved session could not be decrypted; signing in again', error);
    }
    return null;
  }

  async save(session: StoredSession): Promise<void> {
    const refusal = this.whyNotEncrypted();
    if (refusal) {
      this.log(`keeping the session in memory only: ${refusal}`);
      this.memoryOnly = session;
      // An older session on disk would come back at next launch in place of this one.
      await rm(this.options.file, { force: true });
      return;
    }
    this.memoryOnly = undefined;
    const encrypted = this.options.safeStorage.encryptString(JSON.stringify(session));
    const temporary = `${this.options.file}.tmp`;
    // Written aside and renamed, so a crash mid-write never leaves half a session behind.
    await writeFile(temporary, encrypted, { mode: 0o600 });
    await chmod(temporary, 0o600);
    await rename(temporary, this.options.file);
  }

  async clear(): Promise<void> {
    this.memoryOnly = undefined;
    await rm(this.options.file, { force: true });
  }

  /** Null when safeStorage really encrypts; otherwise the reason, for the log. */
  private whyNotEncrypted(): string | null {
    const { safeStorage } = this.options;
    if (!safeStorage.isEncryptionAvailable()) return 'the OS offers no encryption to safeStorage';
    // On Linux without a keyring, Chromium "encrypts" with a fixed, public key: as good as plain text.
    const platform = this.options.platform ?? process.platform;
    if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
      return 'no OS keyring was found (safeStorage would use basic_text)';
    }
    return null;
  }
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT';
}
