import { z } from 'zod';
import { FileInfoSchema, IdSchema } from './entities';

/**
 * File bytes never travel on the socket. They use HTTP on the same server:
 *
 * - Uploads: the tus 1.0.0 protocol (creation, termination, expiration extensions) at
 *   `FILE_ROUTES.uploads`. `Authorization: Bearer <session token>` on every request.
 *   `Upload-Metadata` carries `filename`, `contentType` and optionally `conversationId` (base64, as
 *   tus says). The server refuses an `Upload-Length` above its limit (413, `file.too_large`).
 *   When the last byte arrives the server hashes the bytes, detects the type from them (refusing
 *   types it does not allow: `file.type_not_allowed`), measures images, makes a thumbnail, and
 *   records the file; the final PATCH reply carries `Magpie-File-Id`, and `GET
 *   FILE_ROUTES.uploadResult(uploadId)` returns `UploadResultSchema` (for a client that was cut off
 *   before it saw that reply).
 *   Details: `Upload-Length` is required (no deferred length); `Location` is relative to the
 *   server; `OPTIONS` needs no token. A name that runs on double-click (.exe, .bat, …) is refused
 *   at creation, before any byte (415 `file.type_not_allowed`); refused bytes at the end also get
 *   415 and are deleted (a retry starts over). Another user's upload: 404 `file.not_found` (410
 *   with the same code once expired). `uploadResult` of an upload whose bytes are not all there: 400
 *   `validation.invalid` (resume it first).
 * - Downloads: `GET FILE_ROUTES.content(fileId)` (and `.thumbnail(fileId)`), with `Range` support
 *   (206 / 416), `ETag` (the sha256), `Content-Disposition: attachment` with the safe name, and
 *   `X-Content-Type-Options: nosniff`. Readable by its uploader, by members of a conversation
 *   holding a (not recalled) message with it, and by every signed-in user when it is someone's
 *   avatar or a group avatar of a group they are in. Others get 404, never 403 (no probing).
 * - `GET FILE_ROUTES.info(fileId)`: its FileInfo as JSON, same authorization.
 *
 * HTTP errors have a JSON body `{ error: ErrorShape }`. No or a dead session: 401
 * (`auth.required`, `auth.session_invalid`).
 */
export const FILE_ROUTES = {
  uploads: '/files/uploads',
  upload: (uploadId: string) => `/files/uploads/${encodeURIComponent(uploadId)}`,
  uploadResult: (uploadId: string) => `/files/uploads/${encodeURIComponent(uploadId)}/result`,
  content: (fileId: string) => `/files/${encodeURIComponent(fileId)}`,
  thumbnail: (fileId: string) => `/files/${encodeURIComponent(fileId)}/thumbnail`,
  info: (fileId: string) => `/files/${encodeURIComponent(fileId)}/info`,
} as const;

/** The header on the final upload PATCH reply naming the recorded file. */
export const FILE_ID_HEADER = 'Magpie-File-Id';

export const UploadResultSchema = z.object({ file: FileInfoSchema });
export type UploadResult = z.infer<typeof UploadResultSchema>;

export const FileIdParamSchema = z.object({ fileId: IdSchema });
