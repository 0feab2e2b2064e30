import type { IncomingMessage } from 'node:http';
import { FileStore } from '@tus/file-store';
import { Server as TusServer, type Upload } from '@tus/server';
import type { FastifyBaseLogger } from 'fastify';
import { isMagpieError, MagpieError, type ErrorShape } from '../../../shared/errors';
import type { User } from '../../../shared/protocol';
import { FILE_ID_HEADER, FILE_ROUTES } from '../../../shared/protocol/files';
import { newId } from '../ids';
import type { FilesDirectory } from './files-directory';
import { safeFileName } from './safe-name';
import { refuseExecutableName } from './type-policy';
import { errorBody, statusOf } from './http-errors';
import type { FinishedUpload, UploadFinisher } from './upload-finisher';

/** The uploader, as tus keeps it in the upload's metadata (set by us, never by the client). */
const UPLOADER_KEY = 'uploaderId';
/** Longest declared name or type we keep (the safe name is cut to 255 bytes anyway). */
const MAX_METADATA_CHARS = 1024;

export interface TusUploadsOptions {
  dir: FilesDirectory;
  maxUploadBytes: number;
  expiryMs: number;
  finisher: UploadFinisher;
  log: FastifyBaseLogger;
  /** The signed-in user of each request, found by the route before tus sees it. */
  userOf: (req: IncomingMessage) => User | undefined;
}

/**
 * tus 1.0.0 (creation, creation-with-upload, termination, expiration) over `@tus/file-store`.
 * Authentication and the ownership check happen in the Fastify route before a request gets
 * here; these hooks add the uploader to new uploads, finish completed ones and turn every tus
 * error into our JSON error body.
 */
export function createTusServer(options: TusUploadsOptions): { tus: TusServer; datastore: FileStore } {
  const datastore = new FileStore({ directory: options.dir.uploads, expirationPeriodInMilliseconds: options.expiryMs });
  const nodeReq = (req: Request) => (req as Request & { runtime?: { node?: { req: IncomingMessage } } }).runtime?.node?.req;

  const tus = new TusServer({
    path: FILE_ROUTES.uploads,
    datastore,
    maxSize: options.maxUploadBytes,
    // Relative, so the address survives proxies and load balancers that rewrite the host.
    relativeLocation: true,
    // A finished upload's bytes are a recorded file's bytes (hard-linked): never delete them.
    disableTerminationForFinishedUploads: true,
    exposedHeaders: [FILE_ID_HEADER],
    namingFunction: () => newId(),

    async onUploadCreate(req, upload) {
      const user = nodeReq(req) && options.userOf(nodeReq(req)!);
      if (!user) throw tusError(new MagpieError('auth.required', 'Sign in first'));
      const declared = upload.metadata ?? {};
      // Only what we use, from a fixed list: a client cannot plant an uploader id.
      const metadata: Record<string, string | null> = { [UPLOADER_KEY]: user.id };
      for (const key of ['filename', 'contentType', 'conversationId']) {
        const value = declared[key];
        if (typeof value === 'string' && value !== '') metadata[key] = value.slice(0, MAX_METADATA_CHARS);
      }
      try {
        refuseExecutableName(safeFileName(metadata.filename ?? ''));
      } catch (error) {
        throw tusError(error);
      }
      return { metadata };
    },

    async onUploadFinish(_req, upload) {
      try {
        const file = await options.finisher.finish(finishedUpload(upload));
        return { headers: { [FILE_ID_HEADER]: file.info.id } };
      } catch (error) {
        if (!isMagpieError(error)) options.log.error({ err: error, uploadId: upload.id }, 'finishing an upload failed');
        throw tusError(error);
      }
    },

    onResponseError(_req, error) {
      const mapped = mapTusError(error, options.maxUploadBytes);
      if (!('status_code' in error)) options.log.error({ err: error }, 'upload request failed');
      return mapped;
    },
  });
  return { tus, datastore };
}

/** The finisher's view of a tus upload (metadata as onUploadCreate stored it). */
export function finishedUpload(upload: Pick<Upload, 'id' | 'size' | 'metadata'>): FinishedUpload {
  const metadata = upload.metadata ?? {};
  return {
    id: upload.id,
    size: upload.size ?? 0,
    uploaderId: metadata[UPLOADER_KEY] ?? '',
    filename: metadata.filename ?? null,
    contentType: metadata.contentType ?? null,
  };
}

export function uploaderOf(upload: Pick<Upload, 'metadata'>): string | undefined {
  return upload.metadata?.[UPLOADER_KEY] ?? undefined;
}

/** What tus throws to answer with a status and body. */
function tusError(error: unknown): { status_code: number; body: string } {
  const magpie = isMagpieError(error) ? error : new MagpieError('server.internal', 'Unexpected error');
  return { status_code: isMagpieError(error) ? statusOf(magpie) : 500, body: errorBody(magpie.toShape()) };
}

/** tus's own errors (plain text) as our `{ error }` JSON, by status. */
function mapTusError(error: Error | { status_code: number; body: string }, maxUploadBytes: number): { status_code: number; body: string } {
  if (!('status_code' in error)) return { status_code: 500, body: errorBody({ code: 'server.internal', message: 'Unexpected error' }) };
  if (error.body.startsWith('{"error"')) return error;
  const status = error.status_code;
  const message = error.body.trim() || 'Upload request refused';
  let shape: ErrorShape;
  if (status === 413) shape = { code: 'file.too_large', message: 'The file is larger than this server accepts', details: { maxBytes: maxUploadBytes } };
  else if (status === 404 || status === 410) shape = { code: 'file.not_found', message: 'No such upload (it may have expired)' };
  else if (status >= 500) shape = { code: 'server.internal', message: 'Unexpected error' };
  else shape = { code: 'validation.invalid', message };
  return { status_code: status, body: errorBody(shape) };
}
