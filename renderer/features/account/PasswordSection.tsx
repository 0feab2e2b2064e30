import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '../../../shared/limits';
import { Spinner } from '../../components/Spinner';
import { TextField } from '../../components/TextField';
import { useChangePassword } from '../../data/account';
import { translateError } from '../../i18n/errors';

/** Change the password: the current one proves it is you; every other device is signed out. */
export function PasswordSection() {
  const { t } = useTranslation();
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const headingId = useId();
  const errorId = useId();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!current) return setProblem(t('auth.validation.passwordRequired'));
    if (next.length < LIMITS.minPasswordChars) return setProblem(t('auth.validation.passwordTooShort', { min: LIMITS.minPasswordChars }));
    setProblem(null);
    change.mutate(
      { currentPassword: current, newPassword: next },
      {
        onSuccess: () => {
          setCurrent('');
          setNext('');
        },
      },
    );
  };

  const error = problem ?? (change.isError ? translateError(t, change.error) : null);
  return (
    <section className="settings__group" aria-labelledby={headingId}>
      <h3 className="settings__legend" id={headingId}>
        {t('account.password')}
      </h3>
      <form className="form-stack" onSubmit={submit} noValidate>
        <TextField
          testId="password-current"
          type="password"
          label={t('account.currentPassword')}
          autoComplete="current-password"
          value={current}
          maxLength={LIMITS.maxPasswordChars}
          invalid={!!error && !current}
          errorId={errorId}
          onChange={(e) => setCurrent(e.target.value)}
        />
        <TextField
          testId="password-new"
          type="password"
          label={t('account.newPassword')}
          hint={t('auth.passwordHint', { min: LIMITS.minPasswordChars })}
          autoComplete="new-password"
          value={next}
          maxLength={LIMITS.maxPasswordChars}
          onChange={(e) => setNext(e.target.value)}
        />
        <p className="field__hint">{t('account.passwordOthersSignedOut')}</p>
        <div className="button-row">
          <button type="submit" className="button" data-testid="password-submit" disabled={change.isPending} aria-busy={change.isPending}>
            {change.isPending && <Spinner />}
            {t('account.changePassword')}
          </button>
        </div>
        <div aria-live="polite">
          {change.isSuccess && <p className="form-success" data-testid="password-changed">{t('account.passwordChanged')}</p>}
          {error && (
            <p className="form-error" id={errorId} role="alert" data-testid="password-error">
              {error}
            </p>
          )}
        </div>
      </form>
    </section>
  );
}
