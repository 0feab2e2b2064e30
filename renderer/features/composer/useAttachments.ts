import { useCallback, useEffect, useRef, useState } from 'react';
import { MagpieError } from '../../../shared/errors';
import { stageFile, stagingName } from '../../data/transfers';

/** One file picked, pasted or dropped, staged in main before it is sent. */
export interface StagedAttachment {
  key: number;
  name: string;
  size: number;
  type: string;
  /** An object URL of the file itself, for image thumbnails; revoked when it leaves the tray. */
  previewUrl: string | null;
  state: 'staging' | 'ready' | 'failed';
  bytesDone: number;
  stagingId: string | null;
  error: unknown;
}

/** At most this many files go with one message burst; more is almost always a mistaken drop. */
export const MAX_ATTACHMENTS = 10;

function pastedName(file: File): string {
  const extension = file.type.split('/')[1]?.replace(/[^a-z0-9]/gi, '') || 'bin';
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  return `pasted-${stamp}.${extension}`;
}

/**
 * The composer's tray: each file is copied into main's staging area as soon as it is added
 * (so sending is instant), with progress; removing one stops its copy and frees its preview.
 */
export function useAttachments() {
  const [items, setItems] = useState<StagedAttachment[]>([]);
  const nextKey = useRef(1);
  const aborts = useRef(new Map<number, AbortController>());

  const update = useCallback((key: number, patch: Partial<StagedAttachment>) => {
    setItems((list) => list.map((item) => (item.key === key ? { ...item, ...patch } : item)));
  }, []);

  const add = useCallback(
    (files: readonly File[]) => {
      const room = MAX_ATTACHMENTS - items.length;
      for (const file of files.slice(0, Math.max(0, room))) {
        const key = nextKey.current++;
        const name = stagingName(file, pastedName(file));
        const previewUrl = file.type.startsWith('image/') && typeof URL.createObjectURL === 'function' ? URL.createObjectURL(file) : null;
        const abort = new AbortController();
        aborts.current.set(key, abort);
        setItems((list) => [...list, { key, name, size: file.size, type: file.type, previewUrl, state: 'staging', bytesDone: 0, stagingId: null, error: null }]);
        stageFile(file, { name, signal: abort.signal, onProgress: (bytesDone) => !abort.signal.aborted && update(key, { bytesDone }) })
          .then((stagingId) => !abort.signal.aborted && update(key, { state: 'ready', stagingId, bytesDone: file.size }))
          .catch((error: unknown) => {
            if (abort.signal.aborted) return;
            update(key, { state: 'failed', error: error instanceof MagpieError ? error : new MagpieError('transfer.failed', String(error)) });
          })
          .finally(() => aborts.current.delete(key));
      }
      return Math.max(0, files.length - Math.max(0, room));
    },
    [items.length, update],
  );

  const remove = useCallback((key: number) => {
    aborts.current.get(key)?.abort();
    aborts.current.delete(key);
    setItems((list) => {
      const gone = list.find((item) => item.key === key);
      if (gone?.previewUrl) URL.revokeObjectURL(gone.previewUrl);
      return list.filter((item) => item.key !== key);
    });
  }, []);

  /** After sending: the files are main's now; only the previews are freed. */
  const clear = useCallback(() => {
    setItems((list) => {
      for (const item of list) if (item.previewUrl) URL.revokeObjectURL(item.previewUrl);
      return [];
    });
  }, []);

  // Leaving the conversation stops unfinished copies.
  useEffect(
    () => () => {
      for (const abort of aborts.current.values()) abort.abort();
    },
    [],
  );

  return { items, add, remove, clear };
}

export type Attachments = ReturnType<typeof useAttachments>;
