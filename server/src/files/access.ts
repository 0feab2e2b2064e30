import type { FileInfo } from '../../../shared/protocol';
import type { FileRecord } from '../store/files-store';
import type { Store } from '../store/store';

/**
 * What method handlers may ask about uploaded files (`ctx.files`). Both answers are null for an
 * unknown file and for one the user may not read, so a caller cannot tell the two apart.
 */
export interface FileAccess {
  /**
   * The file if `userId` may read it: its uploader; a member of a conversation holding a
   * non-recalled message with it at a seq they may see (above their visibleFromSeq; after leaving,
   * up to the notice of their leaving); anyone signed in for a
   * user's avatar; members of the group whose avatar it is. A thumbnail is readable as its original.
   */
  readableBy(fileId: string, userId: string): Promise<FileInfo | null>;
  /** The file if `userId` uploaded it (an avatar must be an image of one's own). */
  uploadedBy(fileId: string, userId: string): Promise<FileInfo | null>;
}

export function fileAccess(store: Store): FileAccess {
  return {
    async readableBy(fileId, userId) {
      return (await readableFile(store, fileId, userId))?.info ?? null;
    },
    async uploadedBy(fileId, userId) {
      const file = await store.findFile(fileId);
      return file && file.originalId === null && file.uploaderId === userId ? file.info : null;
    },
  };
}

/** The stored file (with where its bytes are) when `userId` may read it; see `readableBy`. */
export async function readableFile(store: Store, fileId: string, userId: string): Promise<FileRecord | null> {
  const file = await store.findFile(fileId);
  if (!file) return null;
  // Whoever may read the original may read its thumbnail (and a message that carries the
  // thumbnail's own id grants that thumbnail, nothing more).
  const original = file.originalId === null ? file : await store.findFile(file.originalId);
  if (!original) return null;
  if (original.uploaderId === userId || (await store.canReadFile(original.info.id, userId))) return file;
  return file !== original && (await store.canReadFile(file.info.id, userId)) ? file : null;
}
