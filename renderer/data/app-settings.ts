import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { AppSettings, InvokeRequest } from '../../shared/ipc';
import { invoke, subscribe } from '../bridge/client';
import { queryKeys } from './keys';

/** Which shell runs the UI: the browser shell has no tray and no login items. */
export function useAppInfo() {
  return useQuery({ queryKey: queryKeys.appInfo, queryFn: () => invoke('app.info', {}) });
}

export function useAppSettings() {
  return useQuery({ queryKey: queryKeys.appSettings, queryFn: () => invoke('settings.get', {}) });
}

/** Shown at once, confirmed by the reply (and by `settings.changed` from other windows). */
export function useUpdateAppSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: InvokeRequest<'settings.update'>) => invoke('settings.update', change),
    onMutate: (change) => {
      const previous = queryClient.getQueryData<AppSettings>(queryKeys.appSettings);
      if (previous) {
        queryClient.setQueryData<AppSettings>(queryKeys.appSettings, {
          ...previous,
          ...(change.startAtLogin === undefined ? {} : { startAtLogin: change.startAtLogin }),
          ...(change.closeToTray === undefined ? {} : { closeToTray: change.closeToTray }),
          notifications: { ...previous.notifications, ...change.notifications },
        });
      }
      return { previous };
    },
    onError: (_error, _change, context) => {
      if (context?.previous) queryClient.setQueryData(queryKeys.appSettings, context.previous);
    },
    onSuccess: (settings) => queryClient.setQueryData(queryKeys.appSettings, settings),
  });
}

export function useAppSettingsEvents(): void {
  const queryClient = useQueryClient();
  useEffect(() => subscribe('settings.changed', (settings) => queryClient.setQueryData(queryKeys.appSettings, settings)), [queryClient]);
}
