import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Spinner } from '../../components/Spinner';
import { useCreateInvite } from '../../data/admin';
import { useFormatters } from '../../i18n/format';
import { translateError } from '../../i18n/errors';

const EXPIRY_HOURS = [24, 72, 168, 720] as const;

/** A single-use invite code for sign-up by invitation, with a copy button. */
export function InviteSection() {
  const { t } = useTranslation();
  const format = useFormatters();
  const create = useCreateInvite();
  const [hours, setHours] = useState<number>(72);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const headingId = useId();
  const expiryId = useId();

  const copy = async (code: string) => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };

  return (
    <section className="settings__group" aria-labelledby={headingId}>
      <h3 className="settings__legend" id={headingId}>
        {t('admin.invites')}
      </h3>
      <div className="inline-form">
        <div className="field">
          <label htmlFor={expiryId} className="field__label">
            {t('admin.inviteExpiry')}
          </label>
          <select id={expiryId} className="select" data-testid="admin-invite-expiry" value={hours} onChange={(e) => setHours(Number(e.target.value))}>
            {EXPIRY_HOURS.map((h) => (
              <option key={h} value={h}>
                {h < 48 ? t('admin.hours', { count: h }) : t('admin.days', { count: h / 24 })}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className="button"
          data-testid="admin-invite-create"
          disabled={create.isPending}
          onClick={() => {
            setCopied(null);
            create.mutate(hours);
          }}
        >
          {create.isPending && <Spinner />}
          {t('admin.inviteCreate')}
        </button>
      </div>
      {create.data && (
        <div className="invite-code" data-testid="admin-invite">
          <code className="invite-code__code" data-testid="admin-invite-code">
            {create.data.code}
          </code>
          <button type="button" className="button" data-testid="admin-invite-copy" onClick={() => void copy(create.data.code)}>
            {t('admin.inviteCopy')}
          </button>
          <p className="field__hint">{t('admin.inviteExpires', { time: format.full(create.data.expiresAt) })}</p>
          <p aria-live="polite" className={copied === 'failed' ? 'form-error' : 'form-success'}>
            {copied === 'yes' ? t('admin.inviteCopied') : copied === 'failed' ? t('admin.inviteCopyFailed') : ''}
          </p>
        </div>
      )}
      {create.isError && (
        <p className="form-error" role="alert">
          {translateError(t, create.error)}
        </p>
      )}
    </section>
  );
}
