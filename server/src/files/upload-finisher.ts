import { copyFile, link, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { MagpieError } from '../../../shared/errors';
import type { FileInfo } from '../../../shared/protocol';
import { newId } from '../ids';
import type { FileRecord, NewFile } from '../store/files-store';
import type { Store } from '../store/store';
import type { FilesDirectory } from './files-directory';
import { detectType, makeThumbnail, measureImage, scanFile, sha256Of } from './inspect';
import { extensionOf, safeFileName } from './safe-name';
import { decideContentType } from './type-policy';

/** What the finisher needs to know about a tus upload whose last byte has arrived. */
export interface FinishedUpload {
  id: string;
  size: number;
  uploaderId: string;
  /** As the client declared them (Upload-Metadata); never trusted for anything but display. */
  filename: string | null;
  contentType: string | null;
}

/**
 * Turns a complete upload into a recorded file: hash, type from the bytes (or refusal), image
 * size, thumbnail, safe name; links the bytes under a new file id and records the row. Recording
 * is once per upload across nodes (the store's unique upload id) and per node at a time (a
 * final PATCH and a `result` request racing share one run), so a retry never makes a second file.
 */
export class UploadFinisher {
  private readonly running = new Map<string, Promise<FileRecord>>();

  constructor(
    private readonly dir: FilesDirectory,
    private readonly store: Store,
    private readonly log: FastifyBaseLogger,
  ) {}

  finish(upload: FinishedUpload): Promise<FileRecord> {
    let run = this.running.get(upload.id);
    if (!run) {
      run = this.record(upload).finally(() => this.running.delete(upload.id));
      this.running.set(upload.id, run);
    }
    return run;
  }

  private async record(upload: FinishedUpload): Promise<FileRecord> {
    const recorded = await this.store.findFileByUpload(upload.id);
    if (recorded) return recorded;
    const source = this.dir.uploadPath(upload.id);
    const scan = await scanFile(source);
    if (scan.size !== upload.size) throw new MagpieError('validation.invalid', 'The upload is not complete');

    const name = safeFileName(upload.filename ?? '');
    let contentType: string;
    try {
      contentType = decideContentType({ detected: await detectType(source), declared: upload.contentType, isText: scan.looksLikeText, name });
    } catch (error) {
      // Refused bytes are not kept: a retry uploads again and is refused again.
      await this.discardUpload(upload.id);
      throw error;
    }

    const info: FileInfo = {
      id: newId(), name, size: scan.size, contentType, sha256: scan.sha256,
      width: null, height: null, durationMs: null, thumbnailFileId: null,
    };
    const written: string[] = [];
    try {
      let thumbnail: NewFile | null = null;
      if (contentType.startsWith('image/')) {
        const size = await measureImage(source);
        if (size) Object.assign(info, size);
        thumbnail = await this.storeThumbnail(source, name, written);
        info.thumbnailFileId = thumbnail?.info.id ?? null;
      }
      const storageKey = this.dir.blobKey(info.id);
      await this.linkBlob(source, storageKey);
      written.push(storageKey);
      const { file, created } = await this.store.recordUpload({ info, storageKey, uploaderId: upload.uploaderId, uploadId: upload.id, thumbnail });
      if (!created) await this.removeBlobs(written); // another node recorded it first: keep theirs
      else this.log.info({ fileId: file.info.id, uploadId: upload.id, size: info.size, contentType }, 'file recorded');
      return file;
    } catch (error) {
      await this.removeBlobs(written);
      throw error;
    }
  }

  private async storeThumbnail(source: string, name: string, written: string[]): Promise<NewFile | null> {
    const thumb = await makeThumbnail(source);
    if (!thumb) return null;
    const id = newId();
    const storageKey = this.dir.blobKey(id);
    const target = this.dir.resolve(storageKey);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, thumb.bytes, { flag: 'wx' });
    written.push(storageKey);
    const stem = extensionOf(name) ? name.slice(0, name.lastIndexOf('.')) : name;
    return {
      storageKey,
      info: {
        id, name: safeFileName(`${stem}.thumbnail.webp`), size: thumb.bytes.length, contentType: 'image/webp',
        sha256: sha256Of(thumb.bytes), width: thumb.width, height: thumb.height, durationMs: null, thumbnailFileId: null,
      },
    };
  }

  /** A hard link shares the bytes with the upload (which expires later); a copy where links fail. */
  private async linkBlob(source: string, storageKey: string): Promise<void> {
    const target = this.dir.resolve(storageKey);
    await mkdir(path.dirname(target), { recursive: true });
    try {
      await link(source, target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EMLINK') throw error;
      await copyFile(source, target);
    }
  }

  private async removeBlobs(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => rm(this.dir.resolve(key), { force: true })));
  }

  async discardUpload(uploadId: string): Promise<void> {
    const file = this.dir.uploadPath(uploadId);
    await Promise.all([rm(file, { force: true }), rm(`${file}.json`, { force: true })]);
  }

  /** Whether the upload's bytes are all here (for `result` requests after a lost final reply). */
  async isComplete(uploadId: string, size: number): Promise<boolean> {
    try {
      return (await stat(this.dir.uploadPath(uploadId))).size === size;
    } catch {
      return false;
    }
  }
}
