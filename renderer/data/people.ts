import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { User } from '../../shared/protocol/entities';
import { invoke } from '../bridge/client';
import { queryKeys } from './keys';

/** The contract's largest `users.get` request. */
const MAX_IDS = 200;

/**
 * People a timeline names: its members, plus anyone else it mentions (someone who left, the
 * actor of an old system event), fetched once with `users.get`. Unknown ids stay out of the map.
 */
export function usePeople(members: readonly User[], ids: Iterable<string>): Map<string, User> {
  const known = useMemo(() => new Map(members.map((m) => [m.id, m as User])), [members]);
  const missing = useMemo(() => {
    const out = new Set<string>();
    for (const id of ids) if (!known.has(id)) out.add(id);
    return [...out].sort().slice(0, MAX_IDS);
  }, [ids, known]);
  const { data } = useQuery({
    queryKey: queryKeys.usersById(missing),
    enabled: missing.length > 0,
    placeholderData: keepPreviousData,
    // Names change rarely; `users.changed` is not per id, so a minute of staleness is the bound.
    staleTime: 60_000,
    queryFn: async () => (await invoke('users.get', { ids: missing })).users,
  });
  return useMemo(() => {
    if (!data || data.length === 0) return known;
    const all = new Map(known);
    for (const user of data) if (!all.has(user.id)) all.set(user.id, user);
    return all;
  }, [known, data]);
}

export function nameOf(user: User | undefined): string | null {
  if (!user) return null;
  return user.displayName.trim() || user.username;
}
