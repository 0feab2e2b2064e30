import { useTranslation } from 'react-i18next';
import type { ConnectionState } from '../../../shared/ipc';
import { Spinner } from '../../components/Spinner';
import { useConnection, useRetryNow } from '../../data/connection';
import { useCountdown } from './useCountdown';

function useStatusText(state: ConnectionState | undefined, secondsLeft: number | null): string {
  const { t } = useTranslation();
  switch (state?.status) {
    case 'online':
      return t('connection.online');
    case 'offline':
      return t('connection.offline');
    case 'retrying':
      return secondsLeft && secondsLeft > 0 ? t('connection.retrying', { count: secondsLeft }) : t('connection.retryingSoon');
    case 'signed-out':
      return t('connection.signedOut');
    default:
      return t('connection.connecting');
  }
}

/** Where the link to the server stands, with a countdown to the next attempt and a way to skip it. */
export function ConnectionStatus() {
  const { t } = useTranslation();
  const { data: state } = useConnection();
  const retryNow = useRetryNow();
  const status = state?.status ?? 'connecting';
  const secondsLeft = useCountdown(status === 'retrying' ? state?.retryAt : undefined);
  const text = useStatusText(state, secondsLeft);
  const updateRequired = state?.lastError?.code === 'protocol.version_unsupported';
  const canRetry = !updateRequired && (status === 'retrying' || status === 'offline');

  return (
    <div className={`connection connection--${status}`} data-testid="connection-status" data-status={status}>
      <div className="connection__row" title={t('connection.label')}>
        {status === 'connecting' ? <Spinner /> : <span className="connection__dot" aria-hidden="true" />}
        {/* Announced when the state changes, but not at every tick of the countdown. */}
        <span className="connection__text" role="status" aria-live={status === 'retrying' ? 'off' : 'polite'}>
          {text}
        </span>
      </div>
      {updateRequired && (
        <p className="connection__notice" role="alert">
          {t('connection.updateRequired')}
        </p>
      )}
      {canRetry && (
        <button
          type="button"
          className="link-button connection__retry"
          data-testid="connection-retry"
          disabled={retryNow.isPending}
          onClick={() => retryNow.mutate()}
        >
          {t('connection.retryNow')}
        </button>
      )}
    </div>
  );
}
