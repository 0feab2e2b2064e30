import { mkdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * The directory of uploaded bytes (`MAGPIE_FILES_DIR`, default `<dataDir>/files`). Several nodes
 * must mount the same one: a client may resume an upload on another node, and any node serves
 * any download.
 *
 * - `uploads/<uploadId>` and `uploads/<uploadId>.json`: tus uploads (bytes so far, and their
 *   metadata), kept until they expire.
 * - `blobs/<2 chars>/<fileId>`: recorded files and thumbnails, immutable, named by random id
 *   (never by a client's name). A finished upload is hard-linked here, so recording costs no copy.
 */
export class FilesDirectory {
  readonly uploads: string;

  constructor(readonly root: string) {
    this.uploads = path.join(root, 'uploads');
  }

  async create(): Promise<void> {
    await mkdir(this.uploads, { recursive: true });
    await mkdir(path.join(this.root, 'blobs'), { recursive: true });
  }

  uploadPath(uploadId: string): string {
    return path.join(this.uploads, assertId(uploadId));
  }

  blobKey(fileId: string): string {
    const id = assertId(fileId);
    return `blobs/${id.slice(0, 2)}/${id}`;
  }

  /** The absolute path of a stored key (keys only ever come from `blobKey`, via the database). */
  resolve(storageKey: string): string {
    const resolved = path.resolve(this.root, storageKey);
    if (!resolved.startsWith(path.resolve(this.root) + path.sep)) throw new Error(`storage key outside the files directory: ${storageKey}`);
    return resolved;
  }
}

/** Ids are [A-Za-z0-9_-] only (IdSchema), so an id can never name a path outside its directory. */
function assertId(id: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new Error('invalid id for a file path');
  return id;
}
