import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { FullScreenMessage } from './components/FullScreenMessage';
import { Spinner } from './components/Spinner';
import { useBridgeEvents } from './data/bridge-events';
import { useSession } from './data/session';
import { AuthScreen } from './features/auth/AuthScreen';
import { MainLayout } from './features/layout/MainLayout';
import { translateError } from './i18n/errors';
import { usePanels } from './state/panels';
import { useUiStore } from './state/ui-store';

/** Chooses the screen from the session: loading, signed out (auth) or signed in (messenger). */
export function App() {
  const { t } = useTranslation();
  useBridgeEvents();
  const session = useSession();
  const signedIn = session.data?.state === 'signed-in';
  const reset = useUiStore((s) => s.reset);

  // Signed out from anywhere (another window, an expired session): forget the account's UI state.
  useEffect(() => {
    if (session.data?.state === 'signed-out') {
      reset();
      usePanels.getState().reset();
    }
  }, [session.data?.state, reset]);

  if (session.isPending) {
    return <FullScreenMessage title={t('app.name')} body={<><Spinner /> {t('app.loading')}</>} testId="app-loading" />;
  }
  if (session.isError) {
    return (
      <FullScreenMessage
        tone="error"
        title={t('startup.failedTitle')}
        body={<p>{translateError(t, session.error)}</p>}
        action={
          <button type="button" className="button button--primary" onClick={() => void session.refetch()}>
            {t('startup.retry')}
          </button>
        }
      />
    );
  }
  if (signedIn && session.data.state === 'signed-in') return <MainLayout me={session.data.user} />;
  return <AuthScreen defaultServerUrl={session.data.serverUrl} />;
}

/** Shown when the page runs without the bridge: nothing else can work, so say so plainly. */
export function BridgeMissing() {
  const { t } = useTranslation();
  return (
    <FullScreenMessage
      tone="error"
      testId="bridge-missing"
      title={t('bridgeMissing.title')}
      body={
        <>
          <p>{t('bridgeMissing.body')}</p>
          <p className="muted">{t('bridgeMissing.detail')}</p>
        </>
      }
    />
  );
}
