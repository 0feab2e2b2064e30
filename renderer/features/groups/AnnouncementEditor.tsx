import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationSummary } from '../../../shared/ipc';
import { LIMITS } from '../../../shared/limits';
import type { GroupAction } from '../../data/groups';

interface AnnouncementEditorProps {
  conversation: ConversationSummary;
  canEdit: boolean;
  busy: boolean;
  run: (action: GroupAction) => Promise<unknown>;
}

/** The group's announcement: everyone reads it; owner and admins write or clear it. */
export function AnnouncementEditor({ conversation, canEdit, busy, run }: AnnouncementEditorProps) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(conversation.announcement);
  const id = useId();
  const headingId = useId();
  const text = conversation.announcement.trim();

  const save = (announcement: string) =>
    run({ channel: 'groups.update', request: { conversationId: conversation.id, announcement } })
      .then(() => setEditing(false))
      .catch(() => undefined);

  return (
    <section className="group-panel__section" aria-labelledby={headingId}>
      <div className="group-panel__section-head">
        <h3 className="group-panel__section-title" id={headingId}>
          {t('announcement.label')}
        </h3>
        {canEdit && !editing && (
          <button
            type="button"
            className="link-button"
            data-testid="announcement-edit"
            onClick={() => {
              setDraft(conversation.announcement);
              setEditing(true);
            }}
          >
            {t(text ? 'announcement.edit' : 'announcement.add')}
          </button>
        )}
      </div>
      {editing ? (
        <form
          className="form-stack"
          onSubmit={(e) => {
            e.preventDefault();
            void save(draft.trim());
          }}
        >
          <label htmlFor={id} className="visually-hidden">
            {t('announcement.label')}
          </label>
          <textarea
            id={id}
            className="input textarea"
            data-testid="announcement-input"
            rows={4}
            value={draft}
            maxLength={LIMITS.maxAnnouncementChars}
            autoFocus
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.stopPropagation();
                setEditing(false);
              }
            }}
          />
          <div className="button-row">
            {text && (
              <button type="button" className="button button--quiet" data-testid="announcement-clear" disabled={busy} onClick={() => void save('')}>
                {t('announcement.clear')}
              </button>
            )}
            <span className="button-row__spacer" />
            <button type="button" className="button" onClick={() => setEditing(false)}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="button button--primary" data-testid="announcement-save" disabled={busy}>
              {t('forms.save')}
            </button>
          </div>
        </form>
      ) : (
        <p className={text ? 'group-panel__announcement' : 'muted'} data-testid="announcement-current">
          {text || t('announcement.none')}
        </p>
      )}
    </section>
  );
}
