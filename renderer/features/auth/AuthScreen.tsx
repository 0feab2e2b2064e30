import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '../../../shared/limits';
import { TextField } from '../../components/TextField';
import { Spinner } from '../../components/Spinner';
import { useAuthenticate } from '../../data/session';
import { translateError } from '../../i18n/errors';
import { LanguageSelect } from '../settings/LanguageSelect';
import { validateAuthForm, type AuthField, type AuthForm, type AuthMode, type FieldProblem } from './validate';
import { isMagpieError } from '../../../shared/errors';

const EMPTY: AuthForm = { username: '', password: '', displayName: '', serverUrl: '', inviteCode: '' };
const ERROR_ID = 'auth-error';

/** Sign in and sign up on one screen; the mode only adds the display name and stricter rules. */
export function AuthScreen({ defaultServerUrl }: { defaultServerUrl?: string }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<AuthMode>('signIn');
  const [form, setForm] = useState<AuthForm>(EMPTY);
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const authenticate = useAuthenticate();
  const fields = useRef<Partial<Record<AuthField, HTMLInputElement | null>>>({});
  const busy = authenticate.isPending;
  const signUp = mode === 'signUp';

  useEffect(() => {
    if (problem) fields.current[problem.field]?.focus();
  }, [problem]);

  const update = (field: AuthField) => (event: React.ChangeEvent<HTMLInputElement>) => {
    setForm((f) => ({ ...f, [field]: event.target.value }));
    if (problem?.field === field) setProblem(null);
  };

  const switchMode = (next: AuthMode) => {
    setMode(next);
    setProblem(null);
    authenticate.reset();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const result = validateAuthForm(mode, form);
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    setProblem(null);
    authenticate.mutate(result.auth, {
      onError: (error) => {
        if (isMagpieError(error, 'auth.username_taken')) fields.current.username?.focus();
        else if (isMagpieError(error, 'auth.invalid_credentials')) fields.current.password?.select();
        else if (isMagpieError(error, 'auth.invite_invalid') || isMagpieError(error, 'auth.signup_closed')) fields.current.inviteCode?.focus();
      },
    });
  };

  const errorText = problem
    ? t(problem.key, problem.values)
    : authenticate.isError
      ? translateError(t, authenticate.error)
      : null;
  const invalid = (field: AuthField) => problem?.field === field;

  return (
    <main className="auth">
      <div className="auth__card">
        <div className="auth__brand">
          <div className="brand-mark" aria-hidden="true" />
          <span className="auth__product">{t('app.name')}</span>
        </div>
        <div className="segmented" role="group">
          <button type="button" data-testid="auth-mode-signin" aria-pressed={!signUp} onClick={() => switchMode('signIn')}>
            {t('auth.switchToSignIn')}
          </button>
          <button type="button" data-testid="auth-mode-signup" aria-pressed={signUp} onClick={() => switchMode('signUp')}>
            {t('auth.switchToSignUp')}
          </button>
        </div>
        <h1 className="auth__title">{signUp ? t('auth.titleSignUp') : t('auth.titleSignIn')}</h1>
        <p className="auth__subtitle">{signUp ? t('auth.subtitleSignUp') : t('auth.subtitleSignIn')}</p>

        <form className="auth__form" onSubmit={submit} noValidate aria-busy={busy}>
          <TextField
            ref={(el) => void (fields.current.username = el)}
            testId="auth-username"
            label={t('auth.username')}
            hint={signUp ? t('auth.usernameHint') : undefined}
            value={form.username}
            onChange={update('username')}
            invalid={invalid('username')}
            errorId={ERROR_ID}
            autoComplete="username"
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            maxLength={LIMITS.maxUsernameChars + 8}
            autoFocus
          />
          {signUp && (
            <TextField
              ref={(el) => void (fields.current.displayName = el)}
              testId="auth-display-name"
              label={t('auth.displayName')}
              hint={t('auth.displayNameHint')}
              value={form.displayName}
              onChange={update('displayName')}
              invalid={invalid('displayName')}
              errorId={ERROR_ID}
              autoComplete="name"
              maxLength={LIMITS.maxDisplayNameChars + 8}
            />
          )}
          <TextField
            ref={(el) => void (fields.current.password = el)}
            testId="auth-password"
            type="password"
            label={t('auth.password')}
            hint={signUp ? t('auth.passwordHint', { min: LIMITS.minPasswordChars }) : undefined}
            value={form.password}
            onChange={update('password')}
            invalid={invalid('password')}
            errorId={ERROR_ID}
            autoComplete={signUp ? 'new-password' : 'current-password'}
            maxLength={LIMITS.maxPasswordChars}
          />
          {signUp && (
            <TextField
              ref={(el) => void (fields.current.inviteCode = el)}
              testId="auth-invite-code"
              label={t('auth.inviteCode')}
              hint={t('auth.inviteCodeHint')}
              value={form.inviteCode}
              onChange={update('inviteCode')}
              invalid={invalid('inviteCode')}
              errorId={ERROR_ID}
              autoCapitalize="none"
              autoCorrect="off"
              spellCheck={false}
              maxLength={64}
            />
          )}
          <fieldset className="auth__advanced">
            <legend>{t('auth.advanced')}</legend>
            <TextField
              ref={(el) => void (fields.current.serverUrl = el)}
              testId="auth-server-url"
              type="url"
              label={t('auth.serverUrl')}
              placeholder={defaultServerUrl || t('auth.serverUrlPlaceholder')}
              hint={defaultServerUrl ? t('auth.serverUrlHintDefault', { url: defaultServerUrl }) : t('auth.serverUrlHint')}
              value={form.serverUrl}
              onChange={update('serverUrl')}
              invalid={invalid('serverUrl')}
              errorId={ERROR_ID}
              autoCapitalize="none"
              autoCorrect="off"
              spellCheck={false}
              inputMode="url"
            />
          </fieldset>

          <div className="auth__error-slot" aria-live="assertive">
            {errorText && (
              <p className="form-error" id={ERROR_ID} data-testid="auth-error" role="alert">
                {errorText}
              </p>
            )}
          </div>

          <button type="submit" className="button button--primary button--block" data-testid="auth-submit" disabled={busy} aria-busy={busy}>
            {busy && <Spinner />}
            {busy ? (signUp ? t('auth.busySignUp') : t('auth.busySignIn')) : signUp ? t('auth.submitSignUp') : t('auth.submitSignIn')}
          </button>
        </form>

        <p className="auth__switch">
          {signUp ? t('auth.haveAccount') : t('auth.noAccount')}{' '}
          <button type="button" className="link-button" onClick={() => switchMode(signUp ? 'signIn' : 'signUp')}>
            {signUp ? t('auth.switchToSignIn') : t('auth.switchToSignUp')}
          </button>
        </p>
        <footer className="auth__footer">
          <LanguageSelect testId="language-select" />
        </footer>
      </div>
    </main>
  );
}
