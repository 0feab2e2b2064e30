import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CacheApi } from '../../../shared/cache';
import { STAGE_CHUNK_BYTES, type Transfer } from '../../../shared/ipc';
import { MessageSchema } from '../../../shared/protocol';
import { CoreEvents } from '../events';
import { RecordingDesktop } from '../testing/desktop-recorder';
import { startFileServer, type FileServer } from '../testing/file-server';
import { createTestStore, eventually } from '../testing/fixtures';
import { Transfers } from './transfers';

let server: FileServer;
let store: CacheApi;
let desktop: RecordingDesktop;
const running: Transfers[] = [];

beforeEach(async () => {
  server = await startFileServer();
  store = createTestStore();
  await store['cache.open']({ accountId: 'u1' });
  desktop = new RecordingDesktop();
});
afterEach(async () => {
  for (const transfers of running.splice(0)) transfers.setAccount(null);
  await server.close();
});

/** One run of the app's transfers (a "restart" is a new one over the same cache and folders). */
function launch(options: { now?: () => number; resumeDelaysMs?: number[] } = {}) {
  const events = new CoreEvents();
  const changes: Transfer[] = [];
  events.on('transfers.changed', ({ transfer }) => changes.push(transfer));
  const retried: string[] = [];
  const failed: Array<{ clientId: string; code: string; details: unknown }> = [];
  const transfers = new Transfers({
    cache: store,
    events,
    desktop,
    credentials: () => server.credentials('u1'),
    now: options.now ?? Date.now,
    resumeDelaysMs: options.resumeDelaysMs,
    log: () => {},
    retryMessage: async (clientId) => void retried.push(clientId),
    failMessage: async (clientId, error) => void failed.push({ clientId, code: error.code, details: error.details }),
    uploadRetryDelays: [],
    uploadChunkSize: 64 * 1024,
  });
  transfers.setAccount('u1');
  running.push(transfers);
  return { transfers, changes, retried, failed };
}

async function stageBytes(transfers: Transfers, bytes: Buffer, name = 'photo.png', contentType = 'image/png'): Promise<string> {
  let stagingId: string | undefined;
  for (let offset = 0; offset < bytes.length || offset === 0; offset += STAGE_CHUNK_BYTES) {
    const piece = bytes.subarray(offset, offset + STAGE_CHUNK_BYTES);
    const last = offset + piece.length >= bytes.length;
    ({ stagingId } = await transfers.stage({ stagingId, name, contentType, size: bytes.length, offset, chunkBase64: piece.toString('base64'), last }));
    if (last) break;
  }
  return stagingId!;
}

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('uploads', () => {
  it('upload a staged file with tus and say how to send it, with progress events', async () => {
    const { transfers, changes } = launch();
    const bytes = randomBytes(700_000);
    const stagingId = await stageBytes(transfers, bytes);
    const started: string[] = [];
    const sent = await transfers.uploadForMessage({ clientId: 'm1', conversationId: 'c1', stagingId }, async (id) => void started.push(id));
    expect(sent).toMatchObject({ kind: 'image', transferId: started[0] });
    expect(server.files.get(sent.fileId)!.info.sha256).toBe(sha(bytes));
    const [listed] = await transfers.list();
    expect(listed).toMatchObject({ direction: 'upload', state: 'done', fileId: sent.fileId, bytesDone: bytes.length, messageClientId: 'm1' });
    expect(changes.at(-1)).toMatchObject({ state: 'done' });
    // The staged copy is gone once the server has the file.
    await expect(transfers.staging.get(stagingId)).rejects.toMatchObject({ code: 'transfer.not_found' });
  });

  it('resume after an app restart from where the server stopped, without sending the first part again', async () => {
    server.faults.patchDelayMs = 40;
    const first = launch();
    const bytes = randomBytes(640 * 1024);
    const stagingId = await stageBytes(first.transfers, bytes);
    const attempt = first.transfers.uploadForMessage({ clientId: 'm1', conversationId: 'c1', stagingId }, async () => {});
    attempt.catch(() => {});
    await eventually(async () => {
      const [row] = (await store['transfers.list']({})).transfers;
      expect(row?.tus?.uploadUrl).toBeTruthy();
      expect(server.requests.filter((request) => request.method === 'PATCH').length).toBeGreaterThanOrEqual(3);
    });
    first.transfers.setAccount(null); // the app quits mid-upload
    await expect(attempt).rejects.toMatchObject({ code: 'transfer.failed' });

    server.faults.patchDelayMs = 0;
    const second = launch();
    expect((await second.transfers.list())[0]).toMatchObject({ state: 'paused' });
    const sent = await second.transfers.uploadForMessage({ clientId: 'm1', conversationId: 'c1', stagingId }, async () => {});
    expect(server.files.get(sent.fileId)!.info.sha256).toBe(sha(bytes));
    expect(server.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
    const head = server.requests.findIndex((request) => request.method === 'HEAD');
    expect(head).toBeGreaterThan(0);
    const resumedAt = Number(server.requests.slice(head).find((request) => request.method === 'PATCH')!.uploadOffset);
    expect(resumedAt).toBeGreaterThan(0);
  });

  it('cancel stops the upload, deletes it on the server, and fails the message', async () => {
    server.faults.patchDelayMs = 40;
    const { transfers } = launch();
    const stagingId = await stageBytes(transfers, randomBytes(640 * 1024));
    let transferId = '';
    const attempt = transfers.uploadForMessage({ clientId: 'm1', conversationId: 'c1', stagingId }, async (id) => void (transferId = id));
    attempt.catch(() => {});
    await eventually(async () => expect((await store['transfers.list']({})).transfers[0]?.tus?.uploadUrl).toBeTruthy());
    await transfers.cancel(transferId);
    await expect(attempt).rejects.toMatchObject({ code: 'transfer.failed', details: { cancelled: true } });
    expect((await transfers.list())[0]).toMatchObject({ state: 'cancelled' });
    await eventually(() => expect(server.requests.some((request) => request.method === 'DELETE')).toBe(true));
    // A send that began just as the cancel landed still reports it…
    server.faults.patchDelayMs = 0;
    const racing = await transfers.uploadForMessage({ clientId: 'm1', conversationId: 'c1', stagingId }, async () => {}).catch((error) => error);
    expect(racing).toMatchObject({ code: 'transfer.failed' });
    // …and the user's retry of the message re-arms it: a fresh upload of the same staged file.
    await transfers.messageRetried('m1');
    const sent = await transfers.uploadForMessage({ clientId: 'm1', conversationId: 'c1', stagingId }, async () => {});
    expect(server.files.has(sent.fileId)).toBe(true);
  });

  it('cancelling a paused upload (offline, nothing sending) fails its message at once', async () => {
    server.faults.patchDelayMs = 40;
    const first = launch();
    const stagingId = await stageBytes(first.transfers, randomBytes(640 * 1024));
    const attempt = first.transfers.uploadForMessage({ clientId: 'm1', conversationId: 'c1', stagingId }, async () => {});
    attempt.catch(() => {});
    await eventually(async () => expect((await store['transfers.list']({})).transfers[0]?.tus?.uploadUrl).toBeTruthy());
    first.transfers.setAccount(null);
    await attempt.catch(() => undefined);

    const second = launch();
    const [paused] = await second.transfers.list();
    expect(paused).toMatchObject({ state: 'paused', messageClientId: 'm1' });
    await second.transfers.cancel(paused!.id);
    expect(second.failed).toEqual([{ clientId: 'm1', code: 'transfer.failed', details: { cancelled: true } }]);
    expect((await second.transfers.list())[0]).toMatchObject({ state: 'cancelled' });
  });

  it('upload staged avatars and hand back what the server recorded', async () => {
    const { transfers } = launch();
    const bytes = randomBytes(2_000);
    const file = await transfers.uploadStaged(await stageBytes(transfers, bytes, 'me.jpg', 'image/jpeg'));
    expect(file).toMatchObject({ name: 'me.jpg', size: 2_000, sha256: sha(bytes) });
  });
});

describe('downloads', () => {
  async function cachedMessageWith(bytes: Buffer, name: string) {
    const info = server.add(bytes, name, 'application/pdf');
    await store['messages.put']({
      messages: [MessageSchema.parse({ id: 'msg1', conversationId: 'c1', seq: 1, clientId: 'k1', senderId: 'u2', kind: 'file', text: '', createdAt: 1, attachment: info })],
    });
    return info;
  }

  it('save into Downloads under a free name, verified, and open, show and drag through the desktop', async () => {
    const { transfers, changes } = launch();
    const bytes = randomBytes(50_000);
    await cachedMessageWith(bytes, 'report.pdf');
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(desktop.downloads, { recursive: true });
    writeFileSync(path.join(desktop.downloads, 'report.pdf'), 'someone else’s');

    const transfer = await transfers.download({ conversationId: 'c1', messageId: 'msg1' });
    await eventually(async () => expect((await transfers.list())[0]).toMatchObject({ state: 'done' }));
    const [done] = await transfers.list();
    expect(done!.localPath).toBe(path.join(desktop.downloads, 'report (1).pdf'));
    expect(sha(readFileSync(done!.localPath!))).toBe(sha(bytes));
    expect(changes.map((change) => change.state)).toContain('running');

    const localPath = await transfers.savedFile(transfer.id);
    await desktop.openPath(localPath);
    expect(desktop.actions).toEqual([{ action: 'openPath', path: localPath }]);
    await transfers.remove(transfer.id);
    expect(await transfers.list()).toEqual([]);
    expect(existsSync(localPath)).toBe(true); // removing the entry keeps the file
  });

  it('resume with Range after a cut and an app restart', async () => {
    const first = launch();
    const bytes = randomBytes(400_000);
    await cachedMessageWith(bytes, 'big.pdf');
    server.faults.cutDownloadAfter = 150_000;
    await first.transfers.download({ conversationId: 'c1', messageId: 'msg1' });
    await eventually(async () => expect((await first.transfers.list())[0]).toMatchObject({ state: 'paused', error: { code: 'client.offline' } }));
    first.transfers.setAccount(null);

    const second = launch();
    await second.transfers.onConnected();
    await eventually(async () => expect((await second.transfers.list())[0]).toMatchObject({ state: 'done' }));
    const ranges = server.requests.filter((request) => request.url === '/files/file-1').map((request) => request.range);
    expect(ranges[0]).toBeUndefined();
    expect(ranges[1]).toMatch(/^bytes=\d+-$/);
    expect(Number(ranges[1]!.slice(6, -1))).toBeGreaterThan(0);
    const [done] = await second.transfers.list();
    expect(sha(readFileSync(done!.localPath!))).toBe(sha(bytes));
  });

  it('a download cut while the socket stayed up resumes when the server next answers', async () => {
    const { transfers } = launch();
    const bytes = randomBytes(400_000);
    await cachedMessageWith(bytes, 'big.pdf');
    server.faults.cutDownloadAfter = 150_000;
    await transfers.download({ conversationId: 'c1', messageId: 'msg1' });
    await eventually(async () => expect((await transfers.list())[0]).toMatchObject({ state: 'paused' }));
    await transfers.serverAnswered(); // bytes arrived before the cut: no waiting
    await eventually(async () => expect((await transfers.list())[0]).toMatchObject({ state: 'done' }));
    const [done] = await transfers.list();
    expect(sha(readFileSync(done!.localPath!))).toBe(sha(bytes));
    expect(server.requests.filter((request) => request.url === '/files/file-1').at(-1)!.range).toMatch(/^bytes=[1-9]\d*-$/);
  });

  it('resumes on server answers only as its backoff allows, a bounded number of times', async () => {
    let clock = 1_000_000;
    const { transfers } = launch({ now: () => clock, resumeDelaysMs: [1_000, 5_000] });
    await cachedMessageWith(randomBytes(5_000), 'x.pdf');
    server.faults.dropDownloads = 100;
    const reads = () => server.requests.filter((request) => request.url === '/files/file-1').length;
    await transfers.download({ conversationId: 'c1', messageId: 'msg1' });
    await eventually(async () => expect((await transfers.list())[0]).toMatchObject({ state: 'paused' }));
    expect(reads()).toBe(1);
    // Answers arrive constantly; only those after each wait resume it, and after the last wait none.
    const answersFor = async (ms: number) => {
      for (let t = 250; t <= ms; t += 250) {
        clock += 250;
        await transfers.serverAnswered();
        // Let a resumed download run to its failure (the cache write is a macrotask away).
        await new Promise((resolve) => setTimeout(resolve, 5));
        await eventually(async () => expect((await transfers.list())[0]!.state).toBe('paused'));
      }
    };
    await answersFor(750);
    expect(reads()).toBe(1);
    await answersFor(250);
    expect(reads()).toBe(2);
    await answersFor(4_750);
    expect(reads()).toBe(2);
    await answersFor(250);
    expect(reads()).toBe(3);
    await answersFor(20_000);
    expect(reads()).toBe(3);
    // A reconnect starts afresh, and the server is reachable again by then.
    server.faults.dropDownloads = 0;
    await transfers.onConnected();
    await eventually(async () => expect((await transfers.list())[0]).toMatchObject({ state: 'done' }));
  });

  it('fail with file.hash_mismatch when the bytes are not the file, and retry on request', async () => {
    const { transfers } = launch();
    await cachedMessageWith(randomBytes(5_000), 'x.pdf');
    server.faults.corrupt = true;
    const transfer = await transfers.download({ conversationId: 'c1', messageId: 'msg1' });
    await eventually(async () => expect((await transfers.list())[0]).toMatchObject({ state: 'failed', error: { code: 'file.hash_mismatch' } }));
    server.faults.corrupt = false;
    await transfers.retry(transfer.id);
    await eventually(async () => expect((await transfers.list())[0]).toMatchObject({ state: 'done' }));
  });

  it('refuse a message without a file, unknown transfers, and opening an unfinished one', async () => {
    const { transfers } = launch();
    await expect(transfers.download({ conversationId: 'c1', messageId: 'none' })).rejects.toMatchObject({ code: 'file.not_found' });
    await expect(transfers.cancel('nope')).rejects.toMatchObject({ code: 'transfer.not_found' });
    await expect(transfers.savedFile('nope')).rejects.toMatchObject({ code: 'transfer.not_found' });
  });
});
