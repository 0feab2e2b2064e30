import type pg from 'pg';
import { fileValues, FQ, readableParams } from './files-queries';
import { toFileRecord, type FileRecord, type FileRow, type NewUploadedFile } from './files-store';
import { positional } from './queries';

const P = Object.fromEntries(Object.entries(FQ).map(([k, sql]) => [k, positional(sql)])) as Record<keyof typeof FQ, string>;

/** The PostgreSQL store's file methods (`PostgresStore` delegates here). */
export const postgresFiles = {
  async recordUpload(pool: pg.Pool, input: NewUploadedFile): Promise<{ file: FileRecord; created: boolean }> {
    const client = await pool.connect();
    let created = false;
    try {
      await client.query('BEGIN');
      const createdAt = Date.now();
      // ON CONFLICT DO NOTHING waits for a concurrent insert of the same upload (another node
      // finishing it) and then inserts nothing, so exactly one recording wins.
      const inserted = await client.query(P.insertUpload, fileValues(input.info, {
        uploadId: input.uploadId, uploaderId: input.uploaderId, originalId: null, storageKey: input.storageKey, createdAt,
      }));
      created = inserted.rowCount === 1;
      if (created && input.thumbnail) {
        await client.query(P.insert, fileValues(input.thumbnail.info, {
          uploadId: null, uploaderId: input.uploaderId, originalId: input.info.id, storageKey: input.thumbnail.storageKey, createdAt,
        }));
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
    const { rows } = await pool.query<FileRow>(P.byUpload, [input.uploadId]);
    return { file: toFileRecord(rows[0]!), created };
  },

  async findFile(pool: pg.Pool, fileId: string): Promise<FileRecord | null> {
    const { rows } = await pool.query<FileRow>(P.byId, [fileId]);
    return rows[0] ? toFileRecord(rows[0]) : null;
  },

  async findFileByUpload(pool: pg.Pool, uploadId: string): Promise<FileRecord | null> {
    const { rows } = await pool.query<FileRow>(P.byUpload, [uploadId]);
    return rows[0] ? toFileRecord(rows[0]) : null;
  },

  async canReadFile(pool: pg.Pool, fileId: string, userId: string): Promise<boolean> {
    const { rows } = await pool.query(P.readable, readableParams(fileId, userId));
    return rows.length > 0;
  },
};
