import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Spinner } from '../../components/Spinner';
import { useAuditLog } from '../../data/admin';
import { usePeople, nameOf } from '../../data/people';
import { useFormatters } from '../../i18n/format';
import { translateError } from '../../i18n/errors';

/** What admins did, newest first: when, who, what, to what. */
export function AuditLog() {
  const { t } = useTranslation();
  const format = useFormatters();
  const log = useAuditLog(true);
  const people = usePeople([], log.entries.map((e) => e.actorId));
  const headingId = useId();

  return (
    <section className="settings__group" aria-labelledby={headingId}>
      <h3 className="settings__legend" id={headingId}>
        {t('admin.audit')}
      </h3>
      {log.isPending && (
        <p role="status">
          <Spinner /> {t('app.loading')}
        </p>
      )}
      {log.isError && (
        <p className="form-error" role="alert">
          {translateError(t, log.error)}
        </p>
      )}
      {log.isSuccess && log.entries.length === 0 && <p className="muted">{t('admin.auditEmpty')}</p>}
      {log.entries.length > 0 && (
        <table className="audit-table" data-testid="audit-log">
          <thead>
            <tr>
              <th scope="col">{t('admin.auditWhen')}</th>
              <th scope="col">{t('admin.auditWho')}</th>
              <th scope="col">{t('admin.auditWhat')}</th>
            </tr>
          </thead>
          <tbody>
            {log.entries.map((entry) => (
              <tr key={entry.id} data-testid="audit-entry">
                <td>
                  <time dateTime={new Date(entry.at).toISOString()}>{format.full(entry.at)}</time>
                </td>
                <td>{nameOf(people.get(entry.actorId)) ?? entry.actorId}</td>
                <td>
                  <span className="audit-table__action">{t(`admin.actions.${entry.action}`, { defaultValue: entry.action })}</span>
                  {entry.detail && <span className="audit-table__detail">{entry.detail}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {log.hasNextPage && (
        <button type="button" className="link-button" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
          {log.isFetchingNextPage && <Spinner />}
          {t('admin.auditMore')}
        </button>
      )}
    </section>
  );
}
