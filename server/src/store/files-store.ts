import type { FileInfo } from '../../../shared/protocol';

/**
 * The `files` table (migration 6) as the stores expose it. Each engine implements these in
 * `files-sqlite.ts` / `files-postgres.ts`; the store classes delegate to them.
 */
export interface FileRecord {
  info: FileInfo;
  uploaderId: string;
  /** Where the bytes are, relative to the files directory (`blobs/…`). */
  storageKey: string;
  /** The tus upload it came from; null for thumbnails. */
  uploadId: string | null;
  /** Set on a thumbnail: the file it previews (it is readable exactly when that one is). */
  originalId: string | null;
  createdAt: number;
}

export interface NewFile {
  info: FileInfo;
  storageKey: string;
}

export interface NewUploadedFile extends NewFile {
  uploaderId: string;
  uploadId: string;
  /** The preview made for it, recorded with it in one transaction; `info.thumbnailFileId` names it. */
  thumbnail: NewFile | null;
}

/** The four file methods every store has (added to `Store`). */
export interface FileRepository {
  /**
   * Records a finished upload (and its thumbnail) once: when `uploadId` is already recorded
   * (another node, or a retried request, got there first) nothing is written and `created` is
   * false, with the stored record.
   */
  recordUpload(input: NewUploadedFile): Promise<{ file: FileRecord; created: boolean }>;
  findFile(fileId: string): Promise<FileRecord | null>;
  findFileByUpload(uploadId: string): Promise<FileRecord | null>;
  /**
   * Whether `userId` may read the (original) file through a conversation or an avatar; the
   * uploader check and thumbnail resolution are the caller's (`files/access.ts`).
   */
  canReadFile(fileId: string, userId: string): Promise<boolean>;
}

/** A `files` row as both engines return it. */
export interface FileRow {
  id: string;
  upload_id: string | null;
  uploader_id: string;
  original_id: string | null;
  thumbnail_id: string | null;
  name: string;
  size: number;
  content_type: string;
  sha256: string;
  width: number | null;
  height: number | null;
  storage_key: string;
  created_at: number;
}

export function toFileRecord(row: FileRow): FileRecord {
  return {
    info: {
      id: row.id,
      name: row.name,
      size: Number(row.size),
      contentType: row.content_type,
      sha256: row.sha256,
      width: row.width,
      height: row.height,
      durationMs: null,
      thumbnailFileId: row.thumbnail_id,
    },
    uploaderId: row.uploader_id,
    storageKey: row.storage_key,
    uploadId: row.upload_id,
    originalId: row.original_id,
    createdAt: Number(row.created_at),
  };
}
