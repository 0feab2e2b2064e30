import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { MagpieError } from '../../../shared/errors';
import { STAGE_CHUNK_BYTES, type ParsedInvokeRequest } from '../../../shared/ipc';
import { LIMITS } from '../../../shared/limits';
import { IdSchema } from '../../../shared/protocol';
import { safeFileName } from './file-names';

/** A staged file: its bytes are `<id>.bin`, this is `<id>.json` beside them. */
const StagedFileSchema = z.object({
  id: IdSchema,
  name: z.string().min(1).max(255),
  contentType: z.string().max(127),
  size: z.number().int().nonnegative(),
  received: z.number().int().nonnegative(),
  complete: z.boolean(),
  createdAt: z.number(),
});
export type StagedFile = z.infer<typeof StagedFileSchema> & { path: string };

/** Incomplete stagings older than this are debris of a page that went away mid-copy. */
const ABANDONED_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * Files the renderer copied to main, chunk by chunk, before an upload uses them. They live on
 * disk in the account's data folder (not in memory, not in the cache) so a 100 MB video costs no
 * RAM and a message written offline still finds its file after a restart. Chunks must arrive in
 * order: the offset of each is checked against what is already there, so a lost or repeated
 * chunk is refused (with the offset expected) instead of silently corrupting the file.
 */
export class StagingArea {
  /** One chunk at a time per staging, so two racing writes cannot both pass the offset check. */
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(
    private readonly dir: () => string,
    private readonly now: () => number = Date.now,
    private readonly maxBytes: number = LIMITS.defaultMaxUploadBytes,
  ) {}

  async stage(request: ParsedInvokeRequest<'transfers.stage'>): Promise<{ stagingId: string }> {
    const chunk = Buffer.from(request.chunkBase64, 'base64');
    if (chunk.length > STAGE_CHUNK_BYTES) throw invalid(`A chunk carries at most ${STAGE_CHUNK_BYTES} bytes`);
    if (request.stagingId === undefined) {
      if (request.offset !== 0) throw invalid('A new staging starts at offset 0', { expectedOffset: 0 });
      if (request.size > this.maxBytes) {
        throw new MagpieError('file.too_large', 'The file is larger than the server accepts', { maxBytes: this.maxBytes });
      }
      const id = randomBytes(12).toString('base64url');
      const staged: StagedFile = {
        id,
        name: safeFileName(request.name),
        contentType: request.contentType,
        size: request.size,
        received: 0,
        complete: false,
        createdAt: this.now(),
        path: this.binPath(id),
      };
      await fs.mkdir(this.dir(), { recursive: true });
      await fs.writeFile(staged.path, new Uint8Array(0), { flag: 'wx' });
      await this.writeMeta(staged);
      return this.locked(id, () => this.append(staged, request.offset, chunk, request.last));
    }
    const id = request.stagingId;
    return this.locked(id, async () => this.append(await this.get(id, { complete: false }), request.offset, chunk, request.last));
  }

  /** A staged file; `complete: true` (the default) refuses one still being copied. */
  async get(stagingId: string, options: { complete?: boolean } = {}): Promise<StagedFile> {
    let meta: unknown;
    try {
      meta = JSON.parse(await fs.readFile(this.metaPath(stagingId), 'utf8'));
    } catch {
      throw new MagpieError('transfer.not_found', 'No such staged file');
    }
    const parsed = StagedFileSchema.safeParse(meta);
    if (!parsed.success || parsed.data.id !== stagingId) throw new MagpieError('transfer.not_found', 'No such staged file');
    const wantComplete = options.complete ?? true;
    if (wantComplete && !parsed.data.complete) throw invalid('The file is still being staged');
    if (!wantComplete && parsed.data.complete) throw invalid('The file is already fully staged');
    return { ...parsed.data, path: this.binPath(stagingId) };
  }

  /** Forgets a staged file (after its upload, or when the message is discarded). */
  async remove(stagingId: string): Promise<void> {
    await Promise.all([fs.rm(this.binPath(stagingId), { force: true }), fs.rm(this.metaPath(stagingId), { force: true })]);
  }

  /** Clears out incomplete stagings nobody finished (the page closed mid-copy). */
  async sweep(): Promise<void> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir());
    } catch {
      return;
    }
    for (const name of names.filter((entry) => entry.endsWith('.json'))) {
      const id = name.slice(0, -'.json'.length);
      const staged = await this.get(id, { complete: false }).catch(() => null);
      if (staged && this.now() - staged.createdAt > ABANDONED_AFTER_MS) await this.remove(id);
    }
  }

  private async append(staged: StagedFile, offset: number, chunk: Buffer, last: boolean): Promise<{ stagingId: string }> {
    if (offset !== staged.received) throw invalid('Chunks must arrive in order', { expectedOffset: staged.received });
    if (staged.received + chunk.length > staged.size) throw invalid('More bytes than the declared size');
    if (last && staged.received + chunk.length !== staged.size) {
      throw invalid('The last chunk ends before the declared size', { expectedSize: staged.size });
    }
    const handle = await fs.open(staged.path, 'r+');
    try {
      await handle.write(chunk, 0, chunk.length, offset);
      await handle.truncate(offset + chunk.length);
      if (last) await handle.sync();
    } finally {
      await handle.close();
    }
    await this.writeMeta({ ...staged, received: offset + chunk.length, complete: last });
    return { stagingId: staged.id };
  }

  private async writeMeta(staged: StagedFile): Promise<void> {
    const { path: _path, ...meta } = staged;
    // Written beside and renamed over, so a crash never leaves half a JSON file.
    const temp = `${this.metaPath(staged.id)}.tmp`;
    await fs.writeFile(temp, JSON.stringify(meta));
    await fs.rename(temp, this.metaPath(staged.id));
  }

  private async locked<T>(id: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(id) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.locks.set(id, next);
    try {
      return await next;
    } finally {
      if (this.locks.get(id) === next) this.locks.delete(id);
    }
  }

  private binPath(id: string): string {
    return path.join(this.dir(), `${checkedId(id)}.bin`);
  }

  private metaPath(id: string): string {
    return path.join(this.dir(), `${checkedId(id)}.json`);
  }
}

function checkedId(id: string): string {
  // Ids come validated from the bridge; this keeps a path join from ever leaving the folder.
  if (!IdSchema.safeParse(id).success) throw new MagpieError('transfer.not_found', 'No such staged file');
  return id;
}

function invalid(message: string, details?: Record<string, number>): MagpieError {
  return new MagpieError('validation.invalid', message, details);
}
