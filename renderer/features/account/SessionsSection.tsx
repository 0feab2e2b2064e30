import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Spinner } from '../../components/Spinner';
import { useDeviceSessions, useRevokeSession } from '../../data/account';
import { useFormatters } from '../../i18n/format';
import { translateError } from '../../i18n/errors';

/** The devices signed in to this account; any but this one can be signed out from here. */
export function SessionsSection() {
  const { t } = useTranslation();
  const format = useFormatters();
  const sessions = useDeviceSessions();
  const revoke = useRevokeSession();
  const headingId = useId();

  return (
    <section className="settings__group" aria-labelledby={headingId}>
      <h3 className="settings__legend" id={headingId}>
        {t('account.sessions')}
      </h3>
      {sessions.isPending && (
        <p role="status">
          <Spinner /> {t('app.loading')}
        </p>
      )}
      {sessions.isError && (
        <div role="alert">
          <p className="form-error">{translateError(t, sessions.error)}</p>
          <button type="button" className="link-button" onClick={() => void sessions.refetch()}>
            {t('common.retry')}
          </button>
        </div>
      )}
      {sessions.data && (
        <ul className="session-list" data-testid="session-list">
          {sessions.data.map((session) => {
            const revoking = revoke.isPending && revoke.variables === session.id;
            const device = session.deviceName.trim() || t('account.unknownDevice');
            return (
              <li key={session.id} className="session-row" data-testid="session-row" data-session-id={session.id} data-current={session.current || undefined}>
                <span className="session-row__main">
                  <span className="session-row__device">
                    {device}
                    {session.current && (
                      <span className="tag tag--accent" data-testid="session-current">
                        {t('account.thisDevice')}
                      </span>
                    )}
                  </span>
                  <span className="session-row__times">
                    {t('account.sessionTimes', { signedIn: format.full(session.createdAt), active: format.listTime(session.lastSeenAt) })}
                  </span>
                </span>
                {!session.current && (
                  <button
                    type="button"
                    className="button button--danger-quiet"
                    data-testid="session-revoke"
                    disabled={revoking}
                    aria-label={t('account.revokeDevice', { device })}
                    onClick={() => revoke.mutate(session.id)}
                  >
                    {revoking && <Spinner />}
                    {t('account.revoke')}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {revoke.isError && (
        <p className="form-error" role="alert" data-testid="session-error">
          {translateError(t, revoke.error)}
        </p>
      )}
    </section>
  );
}
