/**
 * SQL for the `files` table, shared by both engines (`?` placeholders; the PostgreSQL side numbers
 * them with `positional`).
 */
const COLUMNS = 'id, upload_id, uploader_id, original_id, thumbnail_id, name, size, content_type, sha256, width, height, storage_key, created_at';

export const FQ = {
  insert: `INSERT INTO files (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  /** The original of an upload: a second recording of the same upload inserts nothing. */
  insertUpload: `INSERT INTO files (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (upload_id) DO NOTHING`,
  byId: `SELECT ${COLUMNS} FROM files WHERE id = ?`,
  byUpload: `SELECT ${COLUMNS} FROM files WHERE upload_id = ?`,
  /**
   * The grants other than "uploaded it" (see FileAccess.readableBy): a non-recalled message with
   * the file at a seq the user may see as a member (above their visible_from_seq; members who
   * left or whose group was dissolved keep what they held, up to their until_seq); a user's
   * avatar; the avatar of a group the user is an active member of.
   */
  readable: `SELECT 1 AS ok WHERE
    EXISTS (SELECT 1 FROM messages m JOIN members mb ON mb.conversation_id = m.conversation_id
      WHERE m.attachment_file_id = ? AND m.recalled_at IS NULL
        AND mb.user_id = ? AND m.seq > mb.visible_from_seq AND (mb.state = 'active' OR m.seq <= mb.until_seq))
    OR EXISTS (SELECT 1 FROM users WHERE avatar_file_id = ?)
    OR EXISTS (SELECT 1 FROM conversations c JOIN members mb ON mb.conversation_id = c.id
      WHERE c.avatar_file_id = ? AND mb.user_id = ? AND mb.state = 'active')`,
} as const;

/** Parameters of `FQ.readable`, in placeholder order. */
export const readableParams = (fileId: string, userId: string) => [fileId, userId, fileId, fileId, userId];

/** Row values in `COLUMNS` order. */
export function fileValues(
  file: { id: string; name: string; size: number; contentType: string; sha256: string; width: number | null; height: number | null; thumbnailFileId: string | null },
  extra: { uploadId: string | null; uploaderId: string; originalId: string | null; storageKey: string; createdAt: number },
): unknown[] {
  return [file.id, extra.uploadId, extra.uploaderId, extra.originalId, file.thumbnailFileId, file.name, file.size,
    file.contentType, file.sha256, file.width, file.height, extra.storageKey, extra.createdAt];
}
