import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { STAGE_CHUNK_BYTES, type Transfer } from '../../shared/ipc';
import { ContentTypeSchema } from '../../shared/protocol/entities';
import { LIMITS } from '../../shared/limits';
import { MagpieError } from '../../shared/errors';
import { invoke, subscribe } from '../bridge/client';
import { queryKeys } from './keys';

/** Every upload and download the core knows, newest first. */
export function useTransfers() {
  return useQuery({
    queryKey: queryKeys.transfers,
    queryFn: async () => sortTransfers((await invoke('transfers.list', {})).transfers),
  });
}

function sortTransfers(transfers: Transfer[]): Transfer[] {
  return [...transfers].sort((a, b) => b.createdAt - a.createdAt);
}

export function isActive(transfer: Transfer): boolean {
  return transfer.state === 'queued' || transfer.state === 'running' || transfer.state === 'paused';
}

/** Puts one transfer's new state into the list (progress arrives many times a second: no refetch). */
export function upsertTransfer(list: Transfer[] | undefined, transfer: Transfer): Transfer[] {
  const others = (list ?? []).filter((t) => t.id !== transfer.id);
  return sortTransfers([...others, transfer]);
}

/** Keeps the transfers list live from `transfers.changed`; mounted once in the signed-in layout. */
export function useTransferEvents(): void {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      subscribe('transfers.changed', ({ transfer }) => {
        queryClient.setQueryData<Transfer[]>(queryKeys.transfers, (list) => upsertTransfer(list, transfer));
        // A finished upload becomes a sent message: its conversation has news.
        if (transfer.direction === 'upload' && transfer.conversationId && (transfer.state === 'done' || transfer.state === 'failed')) {
          void queryClient.invalidateQueries({ queryKey: queryKeys.messages(transfer.conversationId) });
        }
      }),
    [queryClient],
  );
}

/** The newest download of one file, so a file message can show its progress and then open it. */
export function useDownloadOf(fileId: string | null): Transfer | null {
  const { data } = useTransfers();
  if (!fileId || !data) return null;
  return data.find((t) => t.direction === 'download' && t.fileId === fileId && t.state !== 'cancelled') ?? null;
}

export function useDownload() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { conversationId: string; messageId: string }) => invoke('transfers.download', input),
    onSuccess: ({ transfer }) => queryClient.setQueryData<Transfer[]>(queryKeys.transfers, (list) => upsertTransfer(list, transfer)),
  });
}

type TransferAction = 'transfers.cancel' | 'transfers.retry' | 'transfers.remove' | 'transfers.open' | 'transfers.showInFolder';

export function useTransferAction(channel: TransferAction) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (transferId: string) => invoke(channel, { transferId }),
    onSuccess: (_result, transferId) => {
      if (channel === 'transfers.remove') {
        queryClient.setQueryData<Transfer[]>(queryKeys.transfers, (list) => list?.filter((t) => t.id !== transferId));
      }
    },
  });
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // String.fromCharCode takes arguments: keep each call well under the engine's argument limit.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The declared type when it is one the contract accepts; '' lets the server detect it from the bytes. */
export function declaredType(file: Blob): string {
  return ContentTypeSchema.safeParse(file.type).success ? file.type : '';
}

/** A name main can stage: pasted images have none, and the contract bounds its length. */
export function stagingName(file: File, fallback: string): string {
  const name = file.name.trim() || fallback;
  return name.length > 255 ? name.slice(name.length - 255) : name;
}

/** A blob's bytes through FileReader, which every engine the renderer runs in has. */
function readBytes(blob: Blob): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsArrayBuffer(blob);
  });
}

export interface StageOptions {
  name: string;
  onProgress?: (bytesDone: number) => void;
  signal?: AbortSignal;
}

/**
 * Copies a file into main's staging area, STAGE_CHUNK_BYTES at a time and in order, reading only
 * one chunk into memory at once (a 100 MB video must not sit in the renderer whole). Refuses a
 * file over the server's default limit before any copy, with the code the server would give.
 */
export async function stageFile(file: File, { name, onProgress, signal }: StageOptions): Promise<string> {
  if (file.size > LIMITS.defaultMaxUploadBytes) {
    throw new MagpieError('file.too_large', `${file.size} bytes`, { maxBytes: LIMITS.defaultMaxUploadBytes });
  }
  let stagingId: string | undefined;
  let offset = 0;
  do {
    if (signal?.aborted) throw new DOMException('staging cancelled', 'AbortError');
    const end = Math.min(offset + STAGE_CHUNK_BYTES, file.size);
    let chunk: Uint8Array;
    try {
      chunk = new Uint8Array(await readBytes(file.slice(offset, end)));
    } catch {
      throw new MagpieError('transfer.source_unreadable', name);
    }
    const reply = await invoke('transfers.stage', {
      ...(stagingId ? { stagingId } : {}),
      name,
      contentType: declaredType(file),
      size: file.size,
      offset,
      chunkBase64: toBase64(chunk),
      last: end >= file.size,
    });
    stagingId = reply.stagingId;
    offset = end;
    onProgress?.(offset);
  } while (offset < file.size);
  if (!stagingId) throw new MagpieError('transfer.failed', 'staging returned no id');
  return stagingId;
}
