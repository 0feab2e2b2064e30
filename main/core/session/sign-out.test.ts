import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TransferRecord } from '../../../shared/cache';
import { eventually } from '../testing/fixtures';
import { MiniServer } from '../testing/mini-server';
import { createTestClient, type TestClient } from '../testing/test-client';

/** Sign-out with and without "remove local data": what stays on this computer. */
describe('sign-out and local data', () => {
  let server: MiniServer;
  let client: TestClient;

  beforeEach(async () => {
    server = new MiniServer();
    await server.start();
    client = createTestClient({ serverUrl: server.url });
    await client.core.start();
  });
  afterEach(async () => {
    await client.core.stop();
    await server.stop();
  });

  const download = (id: string, state: TransferRecord['state'], partPath: string | null, localPath: string | null): TransferRecord => ({
    id, direction: 'download', state, name: `${id}.bin`, size: 4, contentType: 'application/octet-stream', bytesDone: 0, bytesPerSecond: 0,
    conversationId: null, messageClientId: null, fileId: 'f1', localPath, createdAt: 1, updatedAt: 1, stagingId: null, tus: null,
    file: null, messageId: 'm1', sha256: null, partPath,
  });

  /** Signs up and leaves something of every kind on disk: a staged file, media, downloads. */
  async function accountWithFiles() {
    const state = await client.call('session.signUp', { username: 'ann', password: 'password-1', displayName: 'Ann' });
    if (state.state !== 'signed-in') throw new Error('sign-up failed');
    await eventually(async () => expect((await client.call('connection.get', {})).status).toBe('online'));
    const { dataDir, downloads } = client.desktop;
    const accountDir = path.join(dataDir, 'accounts', state.user.id);
    await client.call('transfers.stage', { name: 'draft.txt', contentType: 'text/plain', size: 5, offset: 0, chunkBase64: Buffer.from('hello').toString('base64'), last: true });
    expect(existsSync(path.join(accountDir, 'staging'))).toBe(true);
    mkdirSync(path.join(accountDir, 'media'), { recursive: true });
    writeFileSync(path.join(accountDir, 'media', 'f1.original'), 'img');
    const someoneElse = path.join(dataDir, 'accounts', 'someone-else', 'media');
    mkdirSync(someoneElse, { recursive: true });
    writeFileSync(path.join(someoneElse, 'f2.original'), 'img');
    mkdirSync(downloads, { recursive: true });
    const part = path.join(downloads, 'half.bin.0001.part');
    const saved = path.join(downloads, 'whole.bin');
    writeFileSync(part, 'ha');
    writeFileSync(saved, 'whole');
    await client.store['transfers.put']({ transfer: download('t1', 'paused', part, null) });
    await client.store['transfers.put']({ transfer: download('t2', 'done', null, saved) });
    return { accountDir, someoneElse, part, saved };
  }

  it('removing local data deletes staged files, media and partial downloads, never saved downloads or another account', async () => {
    const { accountDir, someoneElse, part, saved } = await accountWithFiles();
    expect(await client.call('session.signOut', { wipeCache: true })).toMatchObject({ state: 'signed-out' });
    expect(existsSync(accountDir)).toBe(false);
    expect(existsSync(part)).toBe(false);
    expect(existsSync(saved)).toBe(true);
    expect(existsSync(path.join(someoneElse, 'f2.original'))).toBe(true);
  });

  it('a plain sign-out keeps them for the next sign-in', async () => {
    const { accountDir, part } = await accountWithFiles();
    await client.call('session.signOut', { wipeCache: false });
    expect(existsSync(path.join(accountDir, 'media', 'f1.original'))).toBe(true);
    expect(existsSync(path.join(accountDir, 'staging'))).toBe(true);
    expect(existsSync(part)).toBe(true);
  });
});
