import { z } from 'zod';
import { ErrorShapeSchema } from '../errors';
import { ClientIdSchema, FileInfoSchema, IdSchema, Sha256Schema } from '../protocol/entities';

/**
 * A transfer as the cache keeps it: the fields the bridge shows (TransferSchema in shared/ipc,
 * which this module cannot import without a cycle; main/core/transfers checks at compile time
 * that the two agree) plus what resuming after a restart needs.
 */
export const TransferRecordSchema = z.object({
  id: IdSchema,
  direction: z.enum(['upload', 'download']),
  state: z.enum(['queued', 'running', 'paused', 'done', 'failed', 'cancelled']),
  name: z.string().min(1).max(255),
  size: z.number().int().nonnegative(),
  contentType: z.string().max(127),
  bytesDone: z.number().int().nonnegative(),
  bytesPerSecond: z.number().nonnegative(),
  conversationId: IdSchema.nullable(),
  messageClientId: ClientIdSchema.nullable(),
  fileId: IdSchema.nullable(),
  localPath: z.string().max(4096).nullable(),
  error: ErrorShapeSchema.optional(),
  createdAt: z.number(),
  updatedAt: z.number(),

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
