import { STAGE_CHUNK_BYTES } from '../../shared/ipc';
import { MagpieError } from '../../shared/errors';
import { invoke } from '../bridge/client';

/** Avatars are pictures people recognise at 40 px; anything bigger than this is a mistake. */
export const MAX_AVATAR_BYTES = 10 * 1024 * 1024;
export const AVATAR_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;

/** One piece of the file at a time, so a large pick never sits in memory whole (FileReader: every engine has it). */
function readSlice(blob: Blob): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(new MagpieError('transfer.source_unreadable', reader.error?.message ?? 'unreadable'));
    reader.readAsArrayBuffer(blob);
  });
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // String.fromCharCode takes arguments: keep each call well under the engine's argument limit.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Copies a picked image into main's staging area in order, STAGE_CHUNK_BYTES at a time, and returns
 * its staging id (for account.updateProfile or groups.update). Checks type and size first, with
 * the codes the server would answer, so a bad pick costs no upload.
 */
export async function stageImage(file: File): Promise<string> {
  if (!(AVATAR_TYPES as readonly string[]).includes(file.type)) throw new MagpieError('file.type_not_allowed', file.type || 'unknown type');
  if (file.size > MAX_AVATAR_BYTES) throw new MagpieError('file.too_large', `${file.size} bytes`, { maxBytes: MAX_AVATAR_BYTES });
  let stagingId: string | undefined;
  let offset = 0;
  do {
    const chunk = await readSlice(file.slice(offset, offset + STAGE_CHUNK_BYTES));
    const last = offset + chunk.length >= file.size;
    const reply = await invoke('transfers.stage', {
      ...(stagingId ? { stagingId } : {}),
      name: file.name || 'avatar',
      contentType: file.type,
      size: file.size,
      offset,
      chunkBase64: toBase64(chunk),
      last,
    });
    stagingId = reply.stagingId;
    offset += chunk.length;
  } while (offset < file.size);
  if (!stagingId) throw new MagpieError('transfer.failed', 'staging returned no id');
  return stagingId;
}
