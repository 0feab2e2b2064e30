import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../shared/protocol/entities';
import { LIMITS } from '../../../shared/limits';
import { Spinner } from '../../components/Spinner';
import { TextField } from '../../components/TextField';
import { useUpdateProfile } from '../../data/account';
import { AVATAR_TYPES, stageImage } from '../../data/avatars';
import { translateError } from '../../i18n/errors';
import { PictureAvatar } from '../presence/PictureAvatar';

/** Display name and picture, as teammates see them. */
export function ProfileSection({ me }: { me: User }) {
  const { t } = useTranslation();
  const update = useUpdateProfile();
  const [displayName, setDisplayName] = useState(me.displayName);
  const [staging, setStaging] = useState(false);
  const [stageError, setStageError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const headingId = useId();
  const name = me.displayName.trim() || me.username;
  const trimmed = displayName.trim();
  const changed = trimmed !== me.displayName.trim();

  const save = (e: FormEvent) => {
    e.preventDefault();
    if (!trimmed || !changed) return;
    setSaved(false);
    update.mutate({ displayName: trimmed }, { onSuccess: () => setSaved(true) });
  };

  const pick = async (file: File | undefined) => {
    if (!file) return;
    setStageError(null);
    setStaging(true);
    try {
      const avatarStagingId = await stageImage(file);
      await update.mutateAsync({ avatarStagingId });
    } catch (error) {
      setStageError(error);
    } finally {
      setStaging(false);
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  const error = stageError ?? update.error;
  return (
    <section className="settings__group" aria-labelledby={headingId}>
      <h3 className="settings__legend" id={headingId}>
        {t('account.profile')}
      </h3>
      <div className="profile-avatar">
        <PictureAvatar colourId={me.id} name={name} fileId={me.avatarFileId} size="lg" />
        <button type="button" className="button" data-testid="profile-avatar-change" disabled={staging} onClick={() => fileInput.current?.click()}>
          {staging && <Spinner />}
          {t(staging ? 'account.avatarUploading' : 'account.avatarChange')}
        </button>
        {me.avatarFileId && (
          <button type="button" className="link-button" data-testid="profile-avatar-remove" disabled={staging || update.isPending} onClick={() => update.mutate({ avatarStagingId: null })}>
            {t('account.avatarRemove')}
          </button>
        )}
        <input
          ref={fileInput}
          type="file"
          accept={AVATAR_TYPES.join(',')}
          className="visually-hidden"
          tabIndex={-1}
          aria-hidden="true"
          data-testid="profile-avatar-input"
          onChange={(e) => void pick(e.target.files?.[0])}
        />
      </div>
      <form className="inline-form" onSubmit={save} noValidate>
        <TextField
          testId="profile-display-name"
          label={t('auth.displayName')}
          hint={t('auth.displayNameHint')}
          value={displayName}
          maxLength={LIMITS.maxDisplayNameChars}
          invalid={!trimmed}
          onChange={(e) => {
            setDisplayName(e.target.value);
            setSaved(false);
          }}
        />
        <button type="submit" className="button button--primary" data-testid="profile-save" disabled={!trimmed || !changed || update.isPending}>
          {t('forms.save')}
        </button>
      </form>
      <div aria-live="polite">
        {saved && !update.isPending && <p className="form-success" data-testid="profile-saved">{t('account.saved')}</p>}
        {error != null && (
          <p className="form-error" role="alert" data-testid="profile-error">
            {translateError(t, error)}
          </p>
        )}
      </div>
    </section>
  );
}
