import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { App, BridgeMissing } from './App';
import { getBridge } from './bridge/client';
import { i18n } from './i18n';

/** Everything the app needs around it; tests render this too, with their own query client. */
export function Root({ queryClient }: { queryClient: QueryClient }) {
  return (
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        {getBridge() ? (
          <QueryClientProvider client={queryClient}>
            <App />
          </QueryClientProvider>
        ) : (
          <BridgeMissing />
        )}
      </I18nextProvider>
    </StrictMode>
  );
}
