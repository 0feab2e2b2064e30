import { useQuery } from '@tanstack/react-query';
import { invoke } from '../bridge/client';
import { queryKeys } from './keys';

/**
 * A URL for a file's bytes that img/audio/video may load (main fetches and caches them). Same key
 * as avatars, so one file is asked for once. Null while it comes or when it cannot be had.
 */
export function useMediaUrl(fileId: string | null, variant: 'original' | 'thumbnail', enabled = true) {
  const query = useQuery({
    queryKey: queryKeys.mediaUrl(fileId ?? '', variant),
    enabled: enabled && fileId !== null,
    queryFn: async () => (await invoke('media.url', { fileId: fileId!, variant })).url,
  });
  return { url: fileId ? (query.data ?? null) : null, isError: query.isError, error: query.error, refetch: query.refetch };
}
