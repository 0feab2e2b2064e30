import { z } from 'zod';
import { ErrorShapeSchema } from '../errors';
import { ClientIdSchema, FileInfoSchema, IdSchema, Sha256Schema } from '../protocol/entities';

/**
 * One upload or download, as the transfers panel shows it. Defined here rather than in shared/ipc
 * (which re-exports it) because the cache's record below extends it and shared/ipc already
 * imports the cache contract.
 */
export const TransferSchema = z.object({
  id: IdSchema,
  direction: z.enum(['upload', 'download']),
  state: z.enum(['queued', 'running', 'paused', 'done', 'failed', 'cancelled']),
  name: z.string().min(1).max(255),
  size: z.number().int().nonnegative(),
  contentType: z.string().max(127),
  bytesDone: z.number().int().nonnegative(),
  /** Smoothed over the last seconds; 0 when not running. */
  bytesPerSecond: z.number().nonnegative(),
  conversationId: IdSchema.nullable(),
  /** Uploads: the outbox message it belongs to. */
  messageClientId: ClientIdSchema.nullable(),
  /** Uploads: set once the server recorded the file. Downloads: the file fetched. */
  fileId: IdSchema.nullable(),
  /** Downloads: where the file was saved (for open and show-in-folder); null before. */
  localPath: z.string().max(4096).nullable(),
  error: ErrorShapeSchema.optional(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type Transfer = z.infer<typeof TransferSchema>;

/** A transfer as the cache keeps it: what the bridge shows plus what resuming after a restart needs. */
export const TransferRecordSchema = TransferSchema.extend({
  /** Uploads: the staged file (main's staging area) the bytes come from. */
  stagingId: IdSchema.nullable(),
  /**
   * Uploads: tus-js-client's URL storage entry for this upload (the upload URL on the server),
   * kept here so an upload resumes where it stopped after an app restart.
   */
  tus: z
    .object({
      uploadUrl: z.string().max(2000),
      creationTime: z.string().max(100),
      size: z.number().int().nonnegative().nullable(),
      metadata: z.record(z.string().max(100), z.string().max(2000)),
    })
    .nullable(),
  /** Uploads: what the server recorded, once it has. */
  file: FileInfoSchema.nullable(),
  /** Downloads: the message the file belongs to, the bytes' expected hash and the partial file. */
  messageId: IdSchema.nullable(),
  sha256: Sha256Schema.nullable(),
  partPath: z.string().max(4096).nullable(),
});
export type TransferRecord = z.infer<typeof TransferRecordSchema>;

/** The cache methods of transfers; spread into CACHE_METHODS. */
export const TRANSFER_CACHE_METHODS = {
  'transfers.put': { params: z.object({ transfer: TransferRecordSchema }), result: z.object({}) },
  'transfers.list': { params: z.object({}), result: z.object({ transfers: z.array(TransferRecordSchema) }) },
  'transfers.remove': { params: z.object({ id: IdSchema }), result: z.object({}) },
} as const;
