import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StoredSession } from '../core/host';

vi.mock('electron', () => ({}));

const { SafeStorageSecretStore } = await import('./secret-store');

/** Stands in for the OS keychain: reversible, and never the plain text. */
function fakeSafeStorage(available = true, backend: 'gnome_libsecret' | 'basic_text' = 'gnome_libsecret') {
  return {
    isEncryptionAvailable: vi.fn(() => available),
    getSelectedStorageBackend: vi.fn(() => backend),
    encryptString: vi.fn((plain: string) => Buffer.from(`sealed:${Buffer.from(plain).toString('base64')}`)),
    decryptString: vi.fn((sealed: Buffer) => {
      const text = sealed.toString();
      if (!text.startsWith('sealed:')) throw new Error('not ours');
      return Buffer.from(text.slice('sealed:'.length), 'base64').toString();
    }),
  };
}

const session: StoredSession = {
  serverUrl: 'http://127.0.0.1:8787',
  session: {
    token: 'tok_0123456789abcdefghijklmnop',
    user: { id: 'u1', username: 'ann', displayName: 'Ann', avatarFileId: null, isAdmin: false },
  },
};

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'magpie-secrets-'));
  file = path.join(dir, 'session.bin');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the session store', () => {
  it('round-trips a session through the OS encryption, in a file only its owner can read', async () => {
    const safeStorage = fakeSafeStorage();
    const store = new SafeStorageSecretStore({ safeStorage, file, platform: 'linux', log: () => {} });
    await store.save(session);

    const onDisk = await readFile(file);
    expect(onDisk.toString()).not.toContain(session.session.token);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const fresh = new SafeStorageSecretStore({ safeStorage, file, platform: 'linux', log: () => {} });
    expect(await fresh.load()).toEqual(session);
  });

  it('has nothing to load before the first sign-in, and nothing after clear', async () => {
    const store = new SafeStorageSecretStore({ safeStorage: fakeSafeStorage(), file, log: () => {} });
    expect(await store.load()).toBeNull();
    await store.save(session);
    await store.clear();
    expect(await store.load()).toBeNull();
  });

  it('refuses to write the token when the OS cannot encrypt, keeps it in memory and says why', async () => {
    const log = vi.fn();
    const safeStorage = fakeSafeStorage(false);
    const store = new SafeStorageSecretStore({ safeStorage, file, log });
    await store.save(session);

    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(safeStorage.encryptString).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith(expect.stringContaining('memory only'));
    expect(await store.load()).toEqual(session);
    const nextLaunch = new SafeStorageSecretStore({ safeStorage, file, log });
    expect(await nextLaunch.load()).toBeNull();
  });

  it('treats Linux basic_text (no keyring) as no encryption', async () => {
    const log = vi.fn();
    const store = new SafeStorageSecretStore({ safeStorage: fakeSafeStorage(true, 'basic_text'), file, platform: 'linux', log });
    await store.save(session);
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(log).toHaveBeenCalledWith(expect.stringContaining('basic_text'));
  });

  it('removes an older session from disk when it can no longer encrypt', async () => {
    await new SafeStorageSecretStore({ safeStorage: fakeSafeStorage(), file, log: () => {} }).save(session);
    await new SafeStorageSecretStore({ safeStorage: fakeSafeStorage(false), file, log: () => {} }).save(session);
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('asks for a new sign-in when the file cannot be decrypted or has the wrong shape', async () => {
    const safeStorage = fakeSafeStorage();
    const store = new SafeStorageSecretStore({ safeStorage, file, log: () => {} });
    await writeFile(file, 'garbage');
    expect(await store.load()).toBeNull();
    await writeFile(file, safeStorage.encryptString(JSON.stringify({ serverUrl: 1 })));
    expect(await store.load()).toBeNull();
  });
});
