import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationSummary, TimelineMessage } from '../../../shared/ipc';
import { LIMITS } from '../../../shared/limits';
import { Dialog } from '../../components/Dialog';
import { useConversations } from '../../data/conversations';
import { useForwardMessage } from '../../data/messages';
import { translateError } from '../../i18n/errors';
import { conversationTitle } from '../conversations/peer';
import { matchesQuery } from '../conversations/match';
import { canSend } from './permissions';

export function titleOf(conversation: ConversationSummary, meId: string, t: Parameters<typeof conversationTitle>[2]): string {
  return conversation.kind === 'group' && conversation.title ? conversation.title : conversationTitle(conversation, meId, t);
}

/** Sends a copy of a message to up to LIMITS.maxForwardTargets conversations the user may write in. */
export function ForwardDialog({ message, meId, onClose }: { message: TimelineMessage; meId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { data: conversations } = useConversations();
  const forward = useForwardMessage();
  const [filter, setFilter] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const full = chosen.length >= LIMITS.maxForwardTargets;

  const candidates = useMemo(
    () =>
      (conversations ?? [])
        .filter((c) => canSend(c, meId))
        .map((c) => ({ conversation: c, title: titleOf(c, meId, t) }))
        .filter(({ conversation, title }) => matchesQuery(filter, [title, ...conversation.members.map((m) => m.username)])),
    [conversations, meId, t, filter],
  );

  const toggle = (id: string) => setChosen((list) => (list.includes(id) ? list.filter((x) => x !== id) : full ? list : [...list, id]));
  const submit = () => {
    if (chosen.length === 0 || message.id === null) return;
    forward.mutate({ conversationId: message.conversationId, messageId: message.id, targetConversationIds: chosen }, { onSuccess: onClose });
  };

  return (
    <Dialog
      title={t('forward.title')}
      onClose={onClose}
      testId="forward-dialog"
      footer={
        <>
          <span className="muted forward__count" role="status">
            {t('forward.chosen', { count: chosen.length, max: LIMITS.maxForwardTargets })}
          </span>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" className="button button--primary" data-testid="forward-submit" disabled={chosen.length === 0 || forward.isPending} onClick={submit}>
            {forward.isPending ? t('forward.sending') : t('forward.send')}
          </button>
        </>
      }
    >
      <input
        className="input"
        type="search"
        data-testid="forward-filter"
        placeholder={t('forward.filter')}
        aria-label={t('forward.filter')}
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      <ul className="forward__list" aria-label={t('forward.listLabel')}>
        {candidates.map(({ conversation, title }) => {
          const checked = chosen.includes(conversation.id);
          return (
            <li key={conversation.id}>
              <label className="forward__option">
                <input
                  type="checkbox"
                  data-testid="forward-option"
                  data-conversation-id={conversation.id}
                  checked={checked}
                  disabled={!checked && full}
                  onChange={() => toggle(conversation.id)}
                />
                <span dir="auto">{title}</span>
              </label>
            </li>
          );
        })}
        {candidates.length === 0 && <li className="muted">{t('forward.noMatches')}</li>}
      </ul>
      {full && <p className="muted">{t('forward.limit', { max: LIMITS.maxForwardTargets })}</p>}
      {forward.isError && (
        <p className="form-error" role="alert">
          {translateError(t, forward.error)}
        </p>
      )}
    </Dialog>
  );
}
