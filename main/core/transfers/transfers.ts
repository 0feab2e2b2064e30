import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { CacheApi, TransferRecord } from '../../../shared/cache';
import { isMagpieError, MagpieError, toErrorShape } from '../../../shared/errors';
import type { ParsedInvokeRequest, Transfer } from '../../../shared/ipc';
import type { FileInfo } from '../../../shared/protocol';
import { FILE_ROUTES } from '../../../shared/protocol/files';
import type { CoreEvents } from '../events';
import type { DesktopHost } from '../host';
import { downloadToPart } from './download-file';
import { placeWithoutOverwrite } from './file-names';
import { SpeedMeter } from './progress';
import { attachmentKind, FINISHED_STATES, newDownloadRecord, newUploadRecord, toTransfer } from './records';
import { ResumeBackoff } from './resume-backoff';
import { isPermanent, serverUrlOf, type ServerCredentials } from './server-http';
import { StagingArea } from './staging';
import { TransferTable } from './transfer-table';
import { startTusUpload, terminateUpload } from './tus-upload';
import { transferUrlStorage } from './url-storage';

export interface TransfersDeps {
  cache: CacheApi;
  events: CoreEvents;
  desktop: DesktopHost;
  credentials: () => ServerCredentials | null;
  now: () => number;
  log: (message: string, detail?: unknown) => void;
  /** Sends the message again through the outbox, which resumes its upload first. */
  retryMessage: (clientId: string) => Promise<void>;
  /** Fails the unsent message at once (its upload was cancelled while it waited). */
  failMessage: (clientId: string, error: MagpieError) => Promise<void>;
  /** tus's own quick retries of one failed request (tests shorten them). */
  uploadRetryDelays?: number[];
  uploadChunkSize?: number;
  /** See ResumeBackoff (tests shorten them). */
  resumeDelaysMs?: readonly number[];
}

/** Downloads that run at once; more wait queued. */
const PARALLEL_DOWNLOADS = 3;

interface Job {
  abort(terminate: boolean): Promise<void>;
}

/**
 * Uploads (tus, from the staging area) and downloads (HTTP with Range, into Downloads) of the
 * signed-in account. A transfer that fails on the network is `paused` and picked up again: an
 * upload when the outbox next sends its message, a download when the connection is back. One the
 * server refused, or whose bytes did not verify, is `failed`; retry starts it again.
 */
export class Transfers {
  readonly staging: StagingArea;
  private readonly table: TransferTable;
  private readonly jobs = new Map<string, Job>();
  private readonly uploads = new Map<string, Promise<FileInfo>>();
  private readonly cancelled = new Set<string>();
  private readonly backoff: ResumeBackoff;
  private accountId: string | null = null;

  constructor(private readonly deps: TransfersDeps) {
    this.staging = new StagingArea(() => this.accountDir('staging'), deps.now);
    this.table = new TransferTable(deps.cache, deps.events, deps.now, deps.log);
    this.backoff = new ResumeBackoff(deps.now, deps.resumeDelaysMs);
  }

  /** The signed-in account (null when signed out). Another account stops this one's transfers. */
  setAccount(accountId: string | null): void {
    if (accountId === this.accountId) return;
    for (const job of this.jobs.values()) void job.abort(false);
    this.jobs.clear();
    this.uploads.clear();
    this.table.reset();
    this.backoff.clearAll();
    this.accountId = accountId;
    if (accountId) void this.staging.sweep().catch((error) => this.deps.log('could not sweep the staging area', error));
  }

  /** The connection is up (so the cache is open): load, and resume downloads the network interrupted. */
  async onConnected(): Promise<void> {
    await this.ready();
    this.backoff.clearAll();
    for (const record of this.table.activeDownloads()) {
      if (record.state === 'paused') await this.table.update(record.id, { state: 'queued' });
    }
    this.pumpDownloads();
  }

  /**
   * The server answered something (see Connection.onAnswer): resume paused downloads whose
   * backoff allows it. Covers a download that failed after the socket had already reconnected,
   * which `onConnected` would otherwise leave paused until the next outage.
   */
  async serverAnswered(): Promise<void> {
    if (!this.accountId) return;
    // Only what is loaded already: an answer is no reason to read the cache.
    const due = this.table.activeDownloads().filter((record) => record.state === 'paused' && !this.jobs.has(record.id) && this.backoff.due(record.id));
    if (due.length === 0) return;
    for (const record of due) await this.table.update(record.id, { state: 'queued' });
    this.pumpDownloads();
  }

  accountDir(kind: 'staging' | 'media'): string {
    if (!this.accountId) throw new MagpieError('auth.required', 'Not signed in');
    return path.join(this.deps.desktop.dataDir, 'accounts', this.accountId, kind);
  }

  async list(): Promise<Transfer[]> {
    await this.ready();
    return this.table.all().map(toTransfer);
  }

  stage(request: ParsedInvokeRequest<'transfers.stage'>): Promise<{ stagingId: string }> {
    return this.staging.stage(request);
  }

  /**
   * The outbox's step before sending a message with a staged file: upload it (or resume, or
   * reuse the finished upload of an earlier attempt) and say how to send it.
   */
  async uploadForMessage(
    item: { clientId: string; conversationId: string; stagingId: string },
    started: (transferId: string) => Promise<void>,
  ): Promise<{ fileId: string; kind: ReturnType<typeof attachmentKind>; transferId: string }> {
    await this.ready();
    let record = this.table.find((r) => r.direction === 'upload' && r.messageClientId === item.clientId);
    if (record?.state === 'done' && record.file) return sendFields(record.file, record.id);
    if (record?.state === 'cancelled') {
      // Cancelled just as this send began (the cancel failed the message too); a retry of the
      // message re-queues the upload first (`messageRetried`).
      const error = cancelledError();
      await this.table.update(record.id, { state: 'failed', error: error.toShape() });
      throw error;
    }
    if (!record) {
      const staged = await this.staging.get(item.stagingId);
      record = await this.table.add(newUploadRecord(staged, { conversationId: item.conversationId, messageClientId: item.clientId }, this.deps.now()));
      await started(record.id);
    }
    return sendFields(await this.upload(record), record.id);
  }

  /** Uploads a staged file for the caller's own use (avatars): resolves with what the server recorded. */
  async uploadStaged(stagingId: string): Promise<FileInfo> {
    await this.ready();
    const staged = await this.staging.get(stagingId);
    const record = await this.table.add(newUploadRecord(staged, { conversationId: null, messageClientId: null }, this.deps.now()));
    return this.upload(record);
  }

  /** The outbox let go of a message (sent or discarded): its upload and staged file are no longer needed. */
  async forgetMessage(clientId: string, stagingId: string | null): Promise<void> {
    const record = this.table.find((r) => r.direction === 'upload' && r.messageClientId === clientId);
    if (record && !FINISHED_STATES.has(record.state)) await this.cancel(record.id);
    if (stagingId) await this.staging.remove(stagingId).catch(() => undefined);
  }

  async download(source: { conversationId: string; messageId: string }): Promise<Transfer> {
    await this.ready();
    const { message } = await this.deps.cache['messages.get']({ messageId: source.messageId });
    const file = message && message.conversationId === source.conversationId && !message.recalled ? message.attachment : null;
    if (!file) throw new MagpieError('file.not_found', 'This message has no file to download');
    const active = this.table.find((r) => r.direction === 'download' && r.fileId === file.id && !FINISHED_STATES.has(r.state));
    if (active) {
      this.backoff.clear(active.id);
      if (active.state === 'paused') await this.table.update(active.id, { state: 'queued', error: undefined });
      this.pumpDownloads();
      return toTransfer(this.table.get(active.id));
    }
    const dir = this.deps.desktop.downloadsDir();
    await fs.mkdir(dir, { recursive: true });
    const record = await this.table.add(newDownloadRecord(file, source, dir, this.deps.now()));
    this.pumpDownloads();
    return toTransfer(record);
  }

  async cancel(id: string): Promise<void> {
    await this.ready();
    const record = this.table.get(id);
    if (FINISHED_STATES.has(record.state) && record.state !== 'failed') return;
    this.cancelled.add(id);
    try {
      const job = this.jobs.get(id);
      if (job) await job.abort(true).catch((error) => this.deps.log('could not stop a transfer cleanly', error));
      else if (record.tus) await this.terminate(record.tus.uploadUrl);
      if (record.partPath) await fs.rm(record.partPath, { force: true });
      await this.table.update(id, { state: 'cancelled', bytesPerSecond: 0, tus: null, partPath: record.direction === 'download' ? null : record.partPath });
    } finally {
      this.cancelled.delete(id);
    }
    // A running upload fails its message through the send that awaited it; a paused one (offline)
    // has no such send, so the message is told here rather than at the next connect.
    if (record.direction === 'upload' && record.messageClientId) {
      await this.deps.failMessage(record.messageClientId, cancelledError()).catch((error) => this.deps.log('could not fail the message of a cancelled upload', error));
    }
  }

  /** The user retries a message whose upload was cancelled: the next send uploads it afresh. */
  async messageRetried(clientId: string): Promise<void> {
    await this.ready();
    const record = this.table.find((r) => r.direction === 'upload' && r.messageClientId === clientId);
    if (record?.state === 'cancelled') await this.table.update(record.id, { state: 'queued', error: undefined });
  }

  async retry(id: string): Promise<void> {
    await this.ready();
    const record = this.table.get(id);
    if (record.state === 'done' || record.state === 'running') return;
    if (record.direction === 'download') {
      this.backoff.clear(id);
      const partPath = record.partPath ?? path.join(this.deps.desktop.downloadsDir(), `${record.name.slice(0, 200)}.${record.id.slice(0, 8)}.part`);
      await this.table.update(id, { state: 'queued', error: undefined, partPath });
      this.pumpDownloads();
      return;
    }
    if (!record.messageClientId) throw new MagpieError('validation.invalid', 'Choose the picture again to retry');
    await this.table.update(id, { state: 'queued', error: undefined });
    await this.deps.retryMessage(record.messageClientId);
  }

  async remove(id: string): Promise<void> {
    await this.ready();
    const record = this.table.get(id);
    if (!FINISHED_STATES.has(record.state)) throw new MagpieError('validation.invalid', 'Cancel the transfer before removing it');
    if (record.partPath) await fs.rm(record.partPath, { force: true });
    await this.table.remove(id);
  }

  /** The downloaded file of a finished download, still where it was saved. */
  async savedFile(id: string): Promise<string> {
    await this.ready();
    const record = this.table.get(id);
    if (record.direction !== 'download' || record.state !== 'done' || !record.localPath) {
      throw new MagpieError('validation.invalid', 'The file is not downloaded yet');
    }
    try {
      await fs.access(record.localPath);
    } catch {
      throw new MagpieError('file.not_found', 'The downloaded file was moved or deleted');
    }
    return record.localPath;
  }

  private ready(): Promise<void> {
    if (!this.accountId) return Promise.reject(new MagpieError('auth.required', 'Not signed in'));
    return this.table.load((record) => this.settle(record));
  }

  /** A transfer the previous run left mid-way: downloads and message uploads resume, others fail. */
  private settle(record: TransferRecord): TransferRecord {
    if (record.state !== 'running' && record.state !== 'queued') return record;
    if (record.direction === 'download' || record.messageClientId) return { ...record, state: 'paused', bytesPerSecond: 0 };
    return { ...record, state: 'failed', bytesPerSecond: 0, error: { code: 'transfer.failed', message: 'Magpie closed during the upload' } };
  }

  private credentials(): ServerCredentials {
    const credentials = this.deps.credentials();
    if (!credentials || credentials.accountId !== this.accountId) throw new MagpieError('auth.required', 'Not signed in');
    return credentials;
  }

  private upload(record: TransferRecord): Promise<FileInfo> {
    // One run per transfer: a second caller (a retry racing a flush) waits for the same one.
    const running = this.uploads.get(record.id);
    if (running) return running;
    const promise = this.runUpload(record.id).finally(() => this.uploads.delete(record.id));
    this.uploads.set(record.id, promise);
    return promise;
  }

  private async runUpload(id: string): Promise<FileInfo> {
    const generation = this.table.currentGeneration;
    const credentials = this.credentials();
    const record = this.table.get(id);
    let staged;
    try {
      staged = await this.staging.get(record.stagingId ?? '');
    } catch {
      const error = new MagpieError('transfer.source_unreadable', 'The file to upload is gone');
      await this.table.update(id, { state: 'failed', error: error.toShape() }, generation);
      throw error;
    }
    const meter = new SpeedMeter(this.deps.now);
    const job = startTusUpload({
      credentials,
      filePath: staged.path,
      size: staged.size,
      name: record.name,
      contentType: record.contentType,
      conversationId: record.conversationId,
      fingerprint: id,
      urlStorage: transferUrlStorage(
        id,
        () => this.table.find((r) => r.id === id)?.tus ?? null,
        async (tus) => void (await this.table.update(id, { tus }, generation)),
      ),
      onProgress: (bytes) => this.table.progress(id, bytes, meter.sample(bytes), generation),
      retryDelays: this.deps.uploadRetryDelays,
      chunkSize: this.deps.uploadChunkSize,
    });
    this.jobs.set(id, job);
    try {
      await this.table.update(id, { state: 'running', error: undefined, bytesPerSecond: 0 }, generation);
      const file = await job.done;
      await this.table.update(id, { state: 'done', file, fileId: file.id, bytesDone: record.size, bytesPerSecond: 0, tus: null, stagingId: null }, generation);
      await this.staging.remove(staged.id).catch(() => undefined);
      return file;
    } catch (error) {
      if (this.cancelled.has(id)) throw cancelledError();
      await this.table.update(id, { state: isPermanent(error) ? 'failed' : 'paused', error: toErrorShape(error, 'transfer.failed'), bytesPerSecond: 0 }, generation);
      throw error;
    } finally {
      if (this.jobs.get(id) === job) this.jobs.delete(id);
    }
  }

  private pumpDownloads(): void {
    if (!this.accountId || !this.deps.credentials()) return;
    const downloads = this.table.activeDownloads();
    let running = downloads.filter((record) => this.jobs.has(record.id)).length;
    // Only queued ones: a paused download waits for the connection, the server's next answer
    // (within its backoff) or a retry, so a server that is down is not asked again in a loop.
    for (const record of downloads) {
      if (running >= PARALLEL_DOWNLOADS) break;
      if (record.state !== 'queued' || this.jobs.has(record.id)) continue;
      running += 1;
      void this.runDownload(record.id);
    }
  }

  private async runDownload(id: string): Promise<void> {
    const generation = this.table.currentGeneration;
    const controller = new AbortController();
    this.jobs.set(id, { abort: async () => controller.abort() });
    const startedAt = this.table.find((r) => r.id === id)?.bytesDone ?? 0;
    try {
      const credentials = this.credentials();
      const record = this.table.get(id);
      if (!record.fileId || !record.partPath) throw new MagpieError('transfer.failed', 'The download lost its file');
      const meter = new SpeedMeter(this.deps.now);
      await this.table.update(id, { state: 'running', error: undefined, bytesPerSecond: 0 }, generation);
      await downloadToPart({
        credentials,
        url: serverUrlOf(credentials, FILE_ROUTES.content(record.fileId)),
        partPath: record.partPath,
        size: record.size,
        sha256: record.sha256,
        onProgress: (bytes) => this.table.progress(id, bytes, meter.sample(bytes), generation),
        signal: controller.signal,
      });
      const localPath = await placeWithoutOverwrite(record.partPath, path.dirname(record.partPath), record.name);
      await this.table.update(id, { state: 'done', localPath, partPath: null, bytesDone: record.size, bytesPerSecond: 0 }, generation);
      this.backoff.clear(id);
    } catch (error) {
      if (this.cancelled.has(id) || controller.signal.aborted) return;
      const failed = isPermanent(error) || !isMagpieError(error);
      if (!isMagpieError(error)) this.deps.log('a download failed', error);
      // Bytes arrived this time: the link works in between, so the next answer may resume at once
      // (each such run makes progress, so this cannot loop); otherwise it waits its turn.
      if ((this.table.find((r) => r.id === id)?.bytesDone ?? 0) > startedAt) this.backoff.clear(id);
      else if (!failed) this.backoff.failed(id);
      await this.table.update(id, { state: failed ? 'failed' : 'paused', error: toErrorShape(error, 'transfer.failed'), bytesPerSecond: 0 }, generation);
    } finally {
      this.jobs.delete(id);
      if (generation === this.table.currentGeneration) this.pumpDownloads();
    }
  }

  private async terminate(uploadUrl: string): Promise<void> {
    try {
      await terminateUpload(this.credentials(), uploadUrl);
    } catch (error) {
      // Offline: the server expires abandoned uploads on its own.
      this.deps.log('could not delete a cancelled upload on the server', error);
    }
  }
}

function sendFields(file: FileInfo, transferId: string) {
  return { fileId: file.id, kind: attachmentKind(file.contentType), transferId };
}

function cancelledError(): MagpieError {
  return new MagpieError('transfer.failed', 'The upload was cancelled', { cancelled: true });
}
