import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { z } from 'zod';
import { MagpieError } from '../../../shared/errors';
import { FILE_ROUTES } from '../../../shared/protocol/files';
import { bearer, errorOfReply, networkError, serverUrlOf, type ServerCredentials } from '../transfers/server-http';

/**
 * How much disk the media cache of one account may use: 512 MiB. Enough for the pictures,
 * voice notes and clips of months of busy chats (and more than one largest upload, 100 MiB),
 * small beside a desktop's disk. Over it, the media used longest ago go first.
 */
export const MEDIA_CACHE_BUDGET_BYTES = 512 * 1024 * 1024;

export type MediaVariant = 'original' | 'thumbnail';

export interface MediaEntry {
  path: string;
  size: number;
  contentType: string;
}

interface IndexEntry {
  size: number;
  contentType: string;
  lastUsed: number;
}

const MetaSchema = z.object({ contentType: z.string().min(1).max(127), size: z.number().int().nonnegative() });

export interface MediaCacheDeps {
  /** The signed-in account's media folder. */
  dir: () => string;
  credentials: () => ServerCredentials | null;
  budgetBytes?: number;
  now?: () => number;
}

/**
 * Thumbnails and originals the UI shows, fetched with the session's token and kept on disk under
 * a size budget, least recently used evicted first. Recency is the data file's mtime (touched on
 * every use), so the order survives restarts without an index of its own. Files are immutable on
 * the server (an id never changes its bytes), so a cached copy never goes stale; an original is
 * checked against the server's ETag (its sha256) as it arrives.
 */
export class MediaCache {
  private index: { dir: string; entries: Map<string, IndexEntry> } | null = null;
  private readonly fetching = new Map<string, Promise<MediaEntry>>();
  private readonly budget: number;
  private readonly now: () => number;

  constructor(private readonly deps: MediaCacheDeps) {
    this.budget = deps.budgetBytes ?? MEDIA_CACHE_BUDGET_BYTES;
    this.now = deps.now ?? Date.now;
  }

  async get(fileId: string, variant: MediaVariant): Promise<MediaEntry> {
    const { dir, entries } = await this.load();
    const key = `${fileId}.${variant}`;
    const known = entries.get(key);
    if (known) {
      const file = path.join(dir, key);
      try {
        const at = new Date(this.now());
        await fs.utimes(file, at, at);
        known.lastUsed = at.getTime();
        return { path: file, size: known.size, contentType: known.contentType };
      } catch {
        entries.delete(key); // removed behind our back: fetch again
      }
    }
    const flight = `${dir}\u0000${key}`;
    let pending = this.fetching.get(flight);
    if (!pending) {
      pending = this.fetch(dir, entries, fileId, variant).finally(() => this.fetching.delete(flight));
      this.fetching.set(flight, pending);
    }
    return pending;
  }

  /** The folder was removed (sign-out with "remove local data"): read it afresh when next used. */
  forget(): void {
    this.index = null;
  }

  /** Bytes held now (for tests and diagnostics). */
  async usage(): Promise<number> {
    const { entries } = await this.load();
    return [...entries.values()].reduce((sum, entry) => sum + entry.size, 0);
  }

  private async load(): Promise<{ dir: string; entries: Map<string, IndexEntry> }> {
    const dir = this.deps.dir();
    if (this.index?.dir === dir) return this.index;
    await fs.mkdir(dir, { recursive: true });
    const entries = new Map<string, IndexEntry>();
    for (const name of await fs.readdir(dir)) {
      if (name.includes('.tmp-')) {
        await fs.rm(path.join(dir, name), { force: true }); // an interrupted fetch
        continue;
      }
      if (name.endsWith('.json')) continue;
      try {
        const meta = MetaSchema.parse(JSON.parse(await fs.readFile(path.join(dir, `${name}.json`), 'utf8')));
        const stat = await fs.stat(path.join(dir, name));
        if (stat.size !== meta.size) throw new Error('size changed');
        entries.set(name, { size: stat.size, contentType: meta.contentType, lastUsed: stat.mtimeMs });
      } catch {
        await this.drop(dir, name);
      }
    }
    this.index = { dir, entries };
    return this.index;
  }

  private async fetch(dir: string, entries: Map<string, IndexEntry>, fileId: string, variant: MediaVariant): Promise<MediaEntry> {
    const credentials = this.deps.credentials();
    if (!credentials) throw new MagpieError('auth.required', 'Not signed in');
    const route = variant === 'original' ? FILE_ROUTES.content(fileId) : FILE_ROUTES.thumbnail(fileId);
    let response: Response;
    try {
      response = await fetch(serverUrlOf(credentials, route), { headers: bearer(credentials) });
    } catch (error) {
      throw networkError(error);
    }
    if (response.status !== 200) throw errorOfReply(response.status, await response.text());
    if (!response.body) throw new MagpieError('transfer.failed', 'The server sent no body');
    const contentType = (response.headers.get('content-type') ?? 'application/octet-stream').split(';')[0]!.trim().slice(0, 127);
    const etag = (response.headers.get('etag') ?? '').replace(/^W\//, '').replace(/"/g, '');

    const key = `${fileId}.${variant}`;
    const temp = path.join(dir, `${key}.tmp-${randomBytes(6).toString('hex')}`);
    const hash = createHash('sha256');
    let size = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    try {
      await pipeline(Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>), measure, createWriteStream(temp));
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw networkError(error);
    }
    if (variant === 'original' && /^[0-9a-f]{64}$/.test(etag) && hash.digest('hex') !== etag) {
      await fs.rm(temp, { force: true });
      throw new MagpieError('file.hash_mismatch', 'The media did not arrive intact');
    }
    await fs.writeFile(path.join(dir, `${key}.json`), JSON.stringify({ contentType, size }));
    await fs.rename(temp, path.join(dir, key));
    entries.set(key, { size, contentType, lastUsed: this.now() });
    await this.evict(dir, entries, key);
    return { path: path.join(dir, key), size, contentType };
  }

  /** Drops least recently used media until the budget holds; never the one just fetched. */
  private async evict(dir: string, entries: Map<string, IndexEntry>, keep: string): Promise<void> {
    let total = [...entries.values()].reduce((sum, entry) => sum + entry.size, 0);
    if (total <= this.budget) return;
    const oldestFirst = [...entries.entries()].filter(([key]) => key !== keep).sort((a, b) => a[1].lastUsed - b[1].lastUsed);
    for (const [key, entry] of oldestFirst) {
      if (total <= this.budget) break;
      // A file being streamed right now cannot be removed on Windows: it waits for the next round.
      if (await this.drop(dir, key)) {
        entries.delete(key);
        total -= entry.size;
      }
    }
  }

  private async drop(dir: string, key: string): Promise<boolean> {
    try {
      await fs.rm(path.join(dir, key), { force: true });
      await fs.rm(path.join(dir, `${key}.json`), { force: true });
      return true;
    } catch {
      return false;
    }
  }
}
