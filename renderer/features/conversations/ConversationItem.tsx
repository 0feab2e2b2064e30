import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationSummary } from '../../../shared/ipc';
import { Avatar } from '../../components/Avatar';
import { unreadLabel } from '../../data/read-state';
import { useFormatters } from '../../i18n/format';
import { conversationTitle, displayNameOf, peerOf } from './peer';

interface ConversationItemProps {
  conversation: ConversationSummary;
  meId: string;
  selected: boolean;
  onSelect: (conversationId: string) => void;
}

/** The one-line preview of the newest message: who wrote it if it was you, and whether it is still on its way. */
function Preview({ conversation, meId }: { conversation: ConversationSummary; meId: string }) {
  const { t } = useTranslation();
  const last = conversation.lastMessage;
  if (!last) return <span className="conversation-item__empty">{t('conversations.noMessages')}</span>;
  const text = last.text.replace(/\s+/g, ' ').trim();
  return (
    <>
      {last.status === 'sending' && <span className="conversation-item__state">{t('conversations.sending')}</span>}
      {last.status === 'failed' && <span className="conversation-item__state conversation-item__state--failed">{t('conversations.failed')}</span>}
      <span className="conversation-item__text">{last.senderId === meId ? t('conversations.youPrefix', { text }) : text}</span>
    </>
  );
}

export const ConversationItem = memo(function ConversationItem({ conversation, meId, selected, onSelect }: ConversationItemProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const peer = peerOf(conversation, meId);
  const title = conversationTitle(conversation, meId, t);
  const last = conversation.lastMessage;
  const unread = conversation.unreadCount ?? 0;
  return (
    <li className="conversation-list__row">
      <button
        type="button"
        className={`row-button conversation-item${selected ? ' conversation-item--selected' : ''}${unread > 0 ? ' conversation-item--unread' : ''}`}
        data-testid="conversation-item"
        data-conversation-id={conversation.id}
        aria-current={selected ? 'page' : undefined}
        onClick={() => onSelect(conversation.id)}
      >
        <Avatar userId={peer?.id ?? conversation.id} name={displayNameOf(peer, t)} />
        <span className="conversation-item__main">
          <span className="conversation-item__top">
            <span className="conversation-item__title" data-testid="conversation-title">
              {title}
            </span>
            {last && (
              <time className="conversation-item__time" dateTime={new Date(last.createdAt).toISOString()} title={format.full(last.createdAt)}>
                {format.listTime(last.createdAt)}
              </time>
            )}
          </span>
          <span className="conversation-item__bottom">
            <span className="conversation-item__preview" data-testid="conversation-preview">
              <Preview conversation={conversation} meId={meId} />
            </span>
            {unread > 0 && (
              <span className="conversation-item__badge" data-testid="conversation-unread" aria-label={t('conversations.unread', { count: unread })}>
                {unreadLabel(unread)}
              </span>
            )}
          </span>
        </span>
      </button>
    </li>
  );
});
