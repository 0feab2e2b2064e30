import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/Dialog';
import { Spinner } from '../../components/Spinner';
import { useCurrentUser, useSignOut } from '../../data/session';
import { translateError } from '../../i18n/errors';
import { useDrafts } from '../../state/drafts';
import { useUiStore } from '../../state/ui-store';

/** Confirms signing out, optionally wiping this computer's copy of the account's data. */
export function SignOutDialog() {
  const { t } = useTranslation();
  const close = useUiStore((s) => s.closeDialog);
  const reset = useUiStore((s) => s.reset);
  const signOut = useSignOut();
  const me = useCurrentUser();
  const [wipe, setWipe] = useState(false);
  const wipeId = useId();
  const hintId = useId();

  const confirm = () =>
    signOut.mutate(wipe, {
      onSuccess: () => {
        // Drafts live in this window's storage, not in the core's cache: they go here.
        if (wipe && me) useDrafts.getState().forgetAccount(me.id);
        reset();
      },
    });

  return (
    <Dialog
      title={t('signOut.title')}
      onClose={close}
      testId="sign-out-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={close}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className="button button--danger"
            data-testid="sign-out-confirm"
            disabled={signOut.isPending}
            aria-busy={signOut.isPending}
            onClick={confirm}
          >
            {signOut.isPending && <Spinner />}
            {signOut.isPending ? t('signOut.busy') : t('signOut.confirm')}
          </button>
        </>
      }
    >
      <p>{t('signOut.body')}</p>
      <div className="checkbox-field">
        <input
          id={wipeId}
          type="checkbox"
          data-testid="sign-out-wipe"
          checked={wipe}
          aria-describedby={hintId}
          onChange={(e) => setWipe(e.target.checked)}
        />
        <label htmlFor={wipeId}>{t('signOut.wipe')}</label>
      </div>
      <p className="field__hint checkbox-field__hint" id={hintId}>
        {t('signOut.wipeHint')}
      </p>
      {signOut.isError && (
        <p className="form-error" role="alert">
          {translateError(t, signOut.error)}
        </p>
      )}
    </Dialog>
  );
}
