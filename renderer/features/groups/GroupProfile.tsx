import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationSummary } from '../../../shared/ipc';
import { LIMITS } from '../../../shared/limits';
import { Spinner } from '../../components/Spinner';
import { AVATAR_TYPES, stageImage } from '../../data/avatars';
import type { GroupAction } from '../../data/groups';
import { conversationTitle } from '../conversations/peer';
import { PictureAvatar } from '../presence/PictureAvatar';

interface GroupProfileProps {
  conversation: ConversationSummary;
  meId: string;
  canEdit: boolean;
  busy: boolean;
  run: (action: GroupAction) => Promise<unknown>;
  onError: (error: unknown) => void;
}

/** Picture, name and member count; admins change the picture and rename in place. */
export function GroupProfile({ conversation, meId, canEdit, busy, run, onError }: GroupProfileProps) {
  const { t } = useTranslation();
  const title = conversationTitle(conversation, meId, t);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(title);
  const [uploading, setUploading] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const inputId = useId();

  const rename = async () => {
    const next = draft.trim();
    if (!next || next === conversation.title) return setEditing(false);
    await run({ channel: 'groups.update', request: { conversationId: conversation.id, title: next } })
      .then(() => setEditing(false))
      .catch(() => undefined);
  };

  const pickAvatar = async (file: File | undefined) => {
    if (!file) return;
    setUploading(true);
    try {
      const avatarStagingId = await stageImage(file);
      await run({ channel: 'groups.update', request: { conversationId: conversation.id, avatarStagingId } });
    } catch (error) {
      onError(error);
    } finally {
      setUploading(false);
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  return (
    <div className="group-profile">
      <div className="group-profile__avatar">
        <PictureAvatar colourId={conversation.id} name={title} fileId={conversation.avatarFileId} size="lg" />
        {canEdit && (
          <>
            <button type="button" className="link-button" data-testid="group-avatar-change" disabled={uploading} onClick={() => fileInput.current?.click()}>
              {uploading && <Spinner />}
              {t(uploading ? 'groupPanel.avatarUploading' : 'groupPanel.avatarChange')}
            </button>
            {conversation.avatarFileId && !uploading && (
              <button
                type="button"
                className="link-button"
                data-testid="group-avatar-remove"
                onClick={() => void run({ channel: 'groups.update', request: { conversationId: conversation.id, avatarStagingId: null } }).catch(() => undefined)}
              >
                {t('groupPanel.avatarRemove')}
              </button>
            )}
            <input
              ref={fileInput}
              type="file"
              accept={AVATAR_TYPES.join(',')}
              className="visually-hidden"
              tabIndex={-1}
              aria-hidden="true"
              data-testid="group-avatar-input"
              onChange={(e) => void pickAvatar(e.target.files?.[0])}
            />
          </>
        )}
      </div>
      {editing ? (
        <form
          className="group-profile__rename"
          onSubmit={(e) => {
            e.preventDefault();
            void rename();
          }}
        >
          <label htmlFor={inputId} className="visually-hidden">
            {t('groupPanel.nameLabel')}
          </label>
          <input
            id={inputId}
            className="input input--compact"
            data-testid="group-rename-input"
            value={draft}
            maxLength={LIMITS.maxTitleChars}
            autoFocus
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.stopPropagation();
                setEditing(false);
              }
            }}
          />
          <button type="submit" className="button button--primary" data-testid="group-rename-save" disabled={busy || !draft.trim()}>
            {t('forms.save')}
          </button>
          <button type="button" className="button" onClick={() => setEditing(false)}>
            {t('common.cancel')}
          </button>
        </form>
      ) : (
        <div className="group-profile__names">
          <h3 className="group-profile__title" data-testid="group-panel-title">
            {title}
          </h3>
          {canEdit && (
            <button
              type="button"
              className="link-button"
              data-testid="group-rename"
              onClick={() => {
                setDraft(conversation.title);
                setEditing(true);
              }}
            >
              {t('groupPanel.rename')}
            </button>
          )}
        </div>
      )}
      <p className="muted" data-testid="group-member-count">
        {t('groupPanel.memberCount', { count: conversation.members.length })}
      </p>
    </div>
  );
}
