import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { TransferRecord } from '../../../shared/cache';
import type { Transfer } from '../../../shared/ipc';
import type { FileInfo, MessageKind } from '../../../shared/protocol';
import { safeFileName } from './file-names';
import type { StagedFile } from './staging';

/** The fields of a record the bridge never sees. */
const PRIVATE_FIELDS = ['stagingId', 'tus', 'file', 'messageId', 'sha256', 'partPath'] as const;
type PrivateField = (typeof PRIVATE_FIELDS)[number];

// The cache's record must be the bridge's Transfer plus the private fields, nothing less or more.
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const recordMatchesTransfer: Exactly<Omit<TransferRecord, PrivateField>, Transfer> = true;
void recordMatchesTransfer;

export function toTransfer(record: TransferRecord): Transfer {
  const view: Record<string, unknown> = { ...record };
  for (const field of PRIVATE_FIELDS) delete view[field];
  return view as Transfer;
}

export function newTransferId(): string {
  return randomBytes(12).toString('base64url');
}

export function newUploadRecord(
  staged: StagedFile,
  owner: { conversationId: string | null; messageClientId: string | null },
  now: number,
): TransferRecord {
  return {
    id: newTransferId(),
    direction: 'upload',
    state: 'queued',
    name: staged.name,
    size: staged.size,
    contentType: staged.contentType,
    bytesDone: 0,
    bytesPerSecond: 0,
    conversationId: owner.conversationId,
    messageClientId: owner.messageClientId,
    fileId: null,
    localPath: null,
    createdAt: now,
    updatedAt: now,
    stagingId: staged.id,
    tus: null,
    file: null,
    messageId: null,
    sha256: null,
    partPath: null,
  };
}

export function newDownloadRecord(
  file: FileInfo,
  source: { conversationId: string; messageId: string },
  downloadsDir: string,
  now: number,
): TransferRecord {
  const id = newTransferId();
  const name = safeFileName(file.name);
  return {
    id,
    direction: 'download',
    state: 'queued',
    name,
    size: file.size,
    contentType: file.contentType,
    bytesDone: 0,
    bytesPerSecond: 0,
    conversationId: source.conversationId,
    messageClientId: null,
    fileId: file.id,
    localPath: null,
    createdAt: now,
    updatedAt: now,
    stagingId: null,
    tus: null,
    file,
    messageId: source.messageId,
    sha256: file.sha256,
    // Beside where it will end up, so the final move is a rename on one file system.
    partPath: path.join(downloadsDir, `${safeFileName(name.slice(0, 200))}.${id.slice(0, 8)}.part`),
  };
}

/** What a file is sent as: the server measured its type, so this follows the bytes. */
export function attachmentKind(contentType: string): Extract<MessageKind, 'image' | 'video' | 'audio' | 'file'> {
  const type = contentType.toLowerCase();
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('video/')) return 'video';
  if (type.startsWith('audio/')) return 'audio';
  return 'file';
}

export const FINISHED_STATES: ReadonlySet<Transfer['state']> = new Set(['done', 'failed', 'cancelled']);
export const ACTIVE_STATES: ReadonlySet<Transfer['state']> = new Set(['queued', 'running', 'paused']);
