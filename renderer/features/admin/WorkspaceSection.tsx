import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkspaceSettings } from '../../../shared/protocol/methods';
import { Spinner } from '../../components/Spinner';
import { useUpdateWorkspaceSettings, useWorkspaceSettings } from '../../data/admin';
import { translateError } from '../../i18n/errors';

const SIGNUP_POLICIES: WorkspaceSettings['signup'][] = ['open', 'invite', 'closed'];
/** Recall windows people choose from (ms): 2 min (the default), 10 min, 1 h, 24 h, never. */
export const RECALL_WINDOWS = [2 * 60_000, 10 * 60_000, 60 * 60_000, 24 * 60 * 60_000, 0] as const;

/** Who may sign up, and how long senders may recall their messages. */
export function WorkspaceSection() {
  const { t } = useTranslation();
  const settings = useWorkspaceSettings(true);
  const update = useUpdateWorkspaceSettings();
  const headingId = useId();
  const signupId = useId();
  const recallId = useId();

  const windowLabel = (ms: number) => (ms === 0 ? t('admin.recallNever') : ms < 3_600_000 ? t('admin.minutes', { count: ms / 60_000 }) : t('admin.hours', { count: ms / 3_600_000 }));
  const windows = settings.data && !(RECALL_WINDOWS as readonly number[]).includes(settings.data.recallWindowMs) ? [...RECALL_WINDOWS, settings.data.recallWindowMs] : RECALL_WINDOWS;

  return (
    <section className="settings__group" aria-labelledby={headingId}>
      <h3 className="settings__legend" id={headingId}>
        {t('admin.workspace')}
      </h3>
      {settings.isPending && (
        <p role="status">
          <Spinner /> {t('app.loading')}
        </p>
      )}
      {settings.isError && (
        <p className="form-error" role="alert" data-testid="admin-settings-error">
          {translateError(t, settings.error)}
        </p>
      )}
      {settings.data && (
        <>
          <div className="field">
            <label htmlFor={signupId} className="field__label">
              {t('admin.signup')}
            </label>
            <select
              id={signupId}
              className="select"
              data-testid="admin-signup"
              value={settings.data.signup}
              disabled={update.isPending}
              onChange={(e) => update.mutate({ signup: e.target.value as WorkspaceSettings['signup'] })}
            >
              {SIGNUP_POLICIES.map((policy) => (
                <option key={policy} value={policy}>
                  {t(`admin.signupPolicies.${policy}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={recallId} className="field__label">
              {t('admin.recallWindow')}
            </label>
            <select
              id={recallId}
              className="select"
              data-testid="admin-recall-window"
              value={settings.data.recallWindowMs}
              disabled={update.isPending}
              onChange={(e) => update.mutate({ recallWindowMs: Number(e.target.value) })}
            >
              {windows.map((ms) => (
                <option key={ms} value={ms}>
                  {windowLabel(ms)}
                </option>
              ))}
            </select>
            <p className="field__hint">{t('admin.recallWindowHint')}</p>
          </div>
        </>
      )}
      {update.isError && (
        <p className="form-error" role="alert">
          {translateError(t, update.error)}
        </p>
      )}
    </section>
  );
}
