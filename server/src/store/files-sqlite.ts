import type Database from 'better-sqlite3';
import { fileValues, FQ, readableParams } from './files-queries';
import { toFileRecord, type FileRecord, type FileRow, type NewUploadedFile } from './files-store';

/** The embedded store's file methods (`SqliteStore` delegates here). */
export const sqliteFiles = {
  recordUpload(db: Database.Database, input: NewUploadedFile): { file: FileRecord; created: boolean } {
    const record = db.transaction(() => {
      const createdAt = Date.now();
      const inserted = db.prepare(FQ.insertUpload).run(...fileValues(input.info, {
        uploadId: input.uploadId, uploaderId: input.uploaderId, originalId: null, storageKey: input.storageKey, createdAt,
      }));
      if (inserted.changes === 0) return false;
      if (input.thumbnail) {
        db.prepare(FQ.insert).run(...fileValues(input.thumbnail.info, {
          uploadId: null, uploaderId: input.uploaderId, originalId: input.info.id, storageKey: input.thumbnail.storageKey, createdAt,
        }));
      }
      return true;
    });
    const created = record.immediate();
    const row = db.prepare(FQ.byUpload).get(input.uploadId) as FileRow;
    return { file: toFileRecord(row), created };
  },

  findFile(db: Database.Database, fileId: string): FileRecord | null {
    const row = db.prepare(FQ.byId).get(fileId) as FileRow | undefined;
    return row ? toFileRecord(row) : null;
  },

  findFileByUpload(db: Database.Database, uploadId: string): FileRecord | null {
    const row = db.prepare(FQ.byUpload).get(uploadId) as FileRow | undefined;
    return row ? toFileRecord(row) : null;
  },

  canReadFile(db: Database.Database, fileId: string, userId: string): boolean {
    return db.prepare(FQ.readable).get(...readableParams(fileId, userId)) !== undefined;
  },
};
