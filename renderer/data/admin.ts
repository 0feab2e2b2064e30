import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { InvokeRequest } from '../../shared/ipc';
import { invoke } from '../bridge/client';
import { queryKeys } from './keys';

export const AUDIT_PAGE_SIZE = 50;

/** Workspace settings; only asked when the caller is a workspace admin. */
export function useWorkspaceSettings(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.workspaceSettings,
    enabled,
    queryFn: async () => (await invoke('admin.settings.get', {})).settings,
  });
}

export function useUpdateWorkspaceSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: InvokeRequest<'admin.settings.update'>) => invoke('admin.settings.update', change),
    onSuccess: ({ settings }) => {
      queryClient.setQueryData(queryKeys.workspaceSettings, settings);
      void queryClient.invalidateQueries({ queryKey: queryKeys.auditLog });
    },
  });
}

export function useCreateInvite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (expiresInHours: number) => invoke('admin.invites.create', { expiresInHours }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.auditLog }),
  });
}

/** The audit log, newest first, a page at a time. */
export function useAuditLog(enabled: boolean) {
  const query = useInfiniteQuery({
    queryKey: queryKeys.auditLog,
    enabled,
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) => invoke('admin.audit.list', { limit: AUDIT_PAGE_SIZE, ...(pageParam ? { before: pageParam } : {}) }),
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
  const entries = useMemo(() => query.data?.pages.flatMap((p) => p.entries) ?? [], [query.data]);
  return { ...query, entries };
}
