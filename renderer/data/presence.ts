import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import type { Presence } from '../../shared/protocol/entities';
import { invoke, subscribe } from '../bridge/client';
import { queryKeys } from './keys';

export type PresenceMap = Readonly<Record<string, Presence>>;

/** The bridge answers at most this many ids per call (the contract's bound). */
const MAX_IDS = 500;

/**
 * Presence of some users, asked once per set and then kept current by `presence.changed`.
 * Unknown or not yet answered ids read as `offline`, which is what the server says of strangers.
 */
export function usePresence(userIds: readonly string[]): PresenceMap {
  const ids = useMemo(() => [...new Set(userIds)].sort().slice(0, MAX_IDS), [userIds]);
  const { data } = useQuery({
    queryKey: queryKeys.presence(ids),
    enabled: ids.length > 0,
    queryFn: async () => {
      const { presence } = await invoke('presence.get', { userIds: ids });
      return Object.fromEntries(presence.map((p) => [p.userId, p.presence])) as PresenceMap;
    },
  });
  return data ?? {};
}

export function usePresenceOf(userId: string | null | undefined): Presence | null {
  const ids = useMemo(() => (userId ? [userId] : []), [userId]);
  const map = usePresence(ids);
  return userId ? (map[userId] ?? 'offline') : null;
}

/** Who is typing in a conversation (ids, the caller excluded by the core). */
export function useTyping(conversationId: string): readonly string[] {
  const { data } = useQuery({
    queryKey: queryKeys.typing(conversationId),
    // Nothing to ask: only events fill it.
    queryFn: () => [] as string[],
    initialData: [] as string[],
    staleTime: Infinity,
  });
  return data;
}

/** Live presence and typing into the query cache, for as long as the signed-in layout is up. */
export function usePresenceEvents(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const off = [
      subscribe('presence.changed', ({ userId, presence }) => {
        queryClient.setQueriesData<PresenceMap>({ queryKey: queryKeys.allPresence }, (map) =>
          map && userId in map ? { ...map, [userId]: presence } : map,
        );
        // A set that never heard of this user but holds it (answered before it was online) learns it too.
        for (const query of queryClient.getQueryCache().findAll({ queryKey: queryKeys.allPresence })) {
          if (query.queryKey.includes(userId) && !(userId in ((query.state.data as PresenceMap | undefined) ?? {}))) {
            queryClient.setQueryData<PresenceMap>(query.queryKey, (map) => ({ ...(map ?? {}), [userId]: presence }));
          }
        }
      }),
      subscribe('typing.changed', ({ conversationId, userIds }) => queryClient.setQueryData(queryKeys.typing(conversationId), userIds)),
    ];
    return () => off.forEach((unsubscribe) => unsubscribe());
  }, [queryClient]);
}
