import '../../styles/panels.css';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../shared/protocol/entities';
import { LIMITS } from '../../../shared/limits';
import { Dialog } from '../../components/Dialog';
import { Spinner } from '../../components/Spinner';
import { TextField } from '../../components/TextField';
import { useCreateGroup } from '../../data/groups';
import { translateError } from '../../i18n/errors';
import { useUiStore } from '../../state/ui-store';
import { UserPicker } from './UserPicker';

/** Name a group, pick its first members, choose whether later members see earlier messages. */
export function NewGroupDialog({ meId }: { meId: string }) {
  const { t } = useTranslation();
  const close = useUiStore((s) => s.closeDialog);
  const select = useUiStore((s) => s.selectConversation);
  const [title, setTitle] = useState('');
  const [members, setMembers] = useState<User[]>([]);
  const [historyVisible, setHistoryVisible] = useState(true);
  const [titleMissing, setTitleMissing] = useState(false);
  const create = useCreateGroup();
  const historyId = useId();
  const historyHintId = useId();
  const errorId = useId();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (create.isPending) return;
    if (!title.trim()) {
      setTitleMissing(true);
      document.querySelector<HTMLInputElement>('[data-testid="new-group-title"]')?.focus();
      return;
    }
    create.mutate(
      { title: title.trim(), memberIds: members.map((m) => m.id), historyVisible },
      {
        onSuccess: ({ conversation }) => {
          select(conversation.id);
          close();
        },
      },
    );
  };

  return (
    <Dialog
      title={t('newGroup.title')}
      onClose={close}
      testId="new-group-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={close}>
            {t('common.cancel')}
          </button>
          <button type="submit" form="new-group-form" className="button button--primary" data-testid="new-group-create" disabled={create.isPending} aria-busy={create.isPending}>
            {create.isPending && <Spinner />}
            {t(create.isPending ? 'newGroup.creating' : 'newGroup.create')}
          </button>
        </>
      }
    >
      <form id="new-group-form" className="form-stack" onSubmit={submit} noValidate>
        <TextField
          testId="new-group-title"
          label={t('newGroup.name')}
          hint={t('newGroup.nameHint')}
          value={title}
          maxLength={LIMITS.maxTitleChars}
          invalid={titleMissing}
          errorId={errorId}
          onChange={(e) => {
            setTitle(e.target.value);
            setTitleMissing(false);
          }}
        />
        <UserPicker
          label={t('newGroup.members')}
          picked={members}
          onChange={setMembers}
          excludeIds={new Set([meId])}
          max={Math.min(LIMITS.maxInvitesPerRequest, LIMITS.maxGroupMembers - 1)}
          testId="new-group-members"
        />
        <div className="checkbox-field">
          <input
            id={historyId}
            type="checkbox"
            data-testid="new-group-history"
            checked={historyVisible}
            aria-describedby={historyHintId}
            onChange={(e) => setHistoryVisible(e.target.checked)}
          />
          <label htmlFor={historyId}>{t('groupSettings.historyVisible')}</label>
        </div>
        <p className="field__hint checkbox-field__hint" id={historyHintId}>
          {t('groupSettings.historyVisibleHint')}
        </p>
        {(titleMissing || create.isError) && (
          <p className="form-error" id={errorId} role="alert" data-testid="new-group-error">
            {titleMissing ? t('newGroup.nameRequired') : translateError(t, create.error)}
          </p>
        )}
      </form>
    </Dialog>
  );
}
