import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isMagpieError, MagpieError } from '../../../shared/errors';
import { FileInfoSchema, IdSchema, type User } from '../../../shared/protocol';
import { FILE_ROUTES, UploadResultSchema } from '../../../shared/protocol/files';
import type { ServerConfig } from '../config';
import type { Store } from '../store/store';
import { readableFile } from './access';
import { bearerUser } from './bearer';
import { sendStoredFile } from './download';
import { FilesDirectory } from './files-directory';
import { notFound, sendError } from './http-errors';
import { createTusServer, finishedUpload, uploaderOf } from './tus-uploads';
import { UploadFinisher } from './upload-finisher';
import { scheduleUploadExpiry } from './upload-expiry';

/** The files directory a configuration names (shared by every node of a workspace). */
export function filesDirOf(config: ServerConfig): string {
  return config.filesDir ?? path.join(config.dataDir, 'files');
}

/**
 * FILE_ROUTES (shared/protocol/files.ts): tus uploads, their results, and downloads. Registered in
 * their own Fastify scope with body parsing off, so tus reads the raw request stream itself.
 */
export async function registerFileRoutes(app: FastifyInstance, deps: { store: Store; config: ServerConfig }): Promise<void> {
  const { store, config } = deps;
  const dir = new FilesDirectory(filesDirOf(config));
  await dir.create();
  const finisher = new UploadFinisher(dir, store, app.log);
  const users = new WeakMap<IncomingMessage, User>();
  const { tus, datastore } = createTusServer({
    dir, maxUploadBytes: config.maxUploadBytes, expiryMs: config.uploadExpiryMs, finisher, log: app.log, userOf: (req) => users.get(req),
  });
  const expiry = scheduleUploadExpiry(dir, config.uploadExpiryMs, app.log);
  app.addHook('onClose', async () => expiry.stop());

  /** The upload, when it exists and `user` created it; anyone else learns nothing (404). */
  const ownUpload = async (uploadId: string, user: User) => {
    if (!IdSchema.safeParse(uploadId).success) throw notFound();
    const upload = await datastore.configstore.get(uploadId);
    if (!upload || uploaderOf(upload) !== user.id) throw notFound();
    return upload;
  };

  const toTus = async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      if (request.method !== 'OPTIONS') {
        if (request.headers['tus-resumable'] === undefined) throw new MagpieError('validation.invalid', 'Tus-Resumable: 1.0.0 is required');
        const user = await bearerUser(store, request.headers, config);
        users.set(request.raw, user);
        const { uploadId } = request.params as { uploadId?: string };
        if (uploadId !== undefined) await ownUpload(uploadId, user);
        // The limit is checked against the declared length up front; a deferred one would let
        // bytes arrive before anything is known about their size.
        else if (request.headers['upload-defer-length'] !== undefined) {
          throw new MagpieError('validation.invalid', 'Upload-Length is required');
        }
      }
    } catch (error) {
      if (isMagpieError(error)) return sendError(reply, error);
      throw error;
    }
    reply.hijack();
    jsonErrorBodies(reply.raw);
    await tus.handle(request.raw, reply.raw);
  };

  await app.register(async (scope) => {
    // tus reads the request body as a stream: no parser may consume it first.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));

    scope.route({ method: ['POST', 'OPTIONS'], url: FILE_ROUTES.uploads, handler: toTus });
    scope.route({ method: ['HEAD', 'PATCH', 'DELETE', 'OPTIONS'], url: pattern(FILE_ROUTES.upload, 'uploadId'), handler: toTus, exposeHeadRoute: false });

    scope.get(pattern(FILE_ROUTES.uploadResult, 'uploadId'), (request, reply) => answer(reply, async () => {
      const user = await bearerUser(store, request.headers, config);
      const { uploadId } = request.params as { uploadId: string };
      if (!IdSchema.safeParse(uploadId).success) throw notFound();
      const recorded = await store.findFileByUpload(uploadId);
      if (recorded) {
        if (recorded.uploaderId !== user.id) throw notFound();
        return reply.send(UploadResultSchema.parse({ file: recorded.info }));
      }
      // Not recorded yet: the client may have been cut off before the final PATCH finished it.
      const upload = await ownUpload(uploadId, user);
      if (!(await finisher.isComplete(uploadId, upload.size ?? -1))) {
        throw new MagpieError('validation.invalid', 'The upload is not complete; resume it first');
      }
      const file = await finisher.finish(finishedUpload(upload));
      return reply.send(UploadResultSchema.parse({ file: file.info }));
    }));

    const readable = async (request: FastifyRequest) => {
      const user = await bearerUser(store, request.headers, config);
      const { fileId } = request.params as { fileId: string };
      const file = IdSchema.safeParse(fileId).success ? await readableFile(store, fileId, user.id) : null;
      if (!file) throw notFound();
      return file;
    };

    scope.get(pattern(FILE_ROUTES.content, 'fileId'), (request, reply) => answer(reply, async () => {
      const file = await readable(request);
      return sendStoredFile(request, reply, file.info, dir.resolve(file.storageKey));
    }));

    scope.get(pattern(FILE_ROUTES.thumbnail, 'fileId'), (request, reply) => answer(reply, async () => {
      const file = await readable(request);
      const thumbnail = file.info.thumbnailFileId ? await store.findFile(file.info.thumbnailFileId) : null;
      if (!thumbnail) throw notFound();
      return sendStoredFile(request, reply, thumbnail.info, dir.resolve(thumbnail.storageKey));
    }));

    scope.get(pattern(FILE_ROUTES.info, 'fileId'), (request, reply) => answer(reply, async () => {
      const file = await readable(request);
      return reply.header('Cache-Control', 'private, no-cache').send(FileInfoSchema.parse(file.info));
    }));
  });
}

/** A Fastify route pattern from a FILE_ROUTES builder, so the two never drift apart. */
function pattern(route: (id: string) => string, param: string): string {
  return route('PARAM').replace('PARAM', `:${param}`);
}

/** Runs a route, answering a MagpieError with its status and JSON body. */
async function answer(reply: FastifyReply, run: () => Promise<FastifyReply>): Promise<FastifyReply> {
  try {
    return await run();
  } catch (error) {
    if (isMagpieError(error)) return sendError(reply, error);
    throw error;
  }
}

/**
 * tus answers errors with the JSON body its hooks made (`onResponseError`), but as a web
 * Response with a string body, which is labelled text/plain. Relabel error responses as JSON.
 */
function jsonErrorBodies(res: ServerResponse): void {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    if (status >= 400) {
      const headers = rest.find((arg) => Array.isArray(arg)) as string[] | undefined;
      if (headers) {
        for (let i = headers.length - 2; i >= 0; i -= 2) {
          if (headers[i]!.toLowerCase() === 'content-type') headers.splice(i, 2);
        }
      }
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
    }
    return writeHead(status, ...rest);
  }) as ServerResponse['writeHead'];
}
