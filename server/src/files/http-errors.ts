import type { FastifyReply } from 'fastify';
import { MagpieError, type ErrorCode, type ErrorShape } from '../../../shared/errors';

/** HTTP status for each error code the file routes answer with. */
const STATUS: Partial<Record<ErrorCode, number>> = {
  'auth.required': 401,
  'auth.session_invalid': 401,
  'file.not_found': 404,
  'file.too_large': 413,
  'file.type_not_allowed': 415,
  'validation.invalid': 400,
  'server.unavailable': 503,
};

export function statusOf(error: MagpieError): number {
  return STATUS[error.code] ?? 400;
}

/** The body every HTTP error has (shared/protocol/files.ts). */
export function errorBody(shape: ErrorShape): string {
  return JSON.stringify({ error: shape });
}

export function sendError(reply: FastifyReply, error: MagpieError): FastifyReply {
  return reply.code(statusOf(error)).type('application/json; charset=utf-8').send(errorBody(error.toShape()));
}

export const notFound = () => new MagpieError('file.not_found', 'No such file');
