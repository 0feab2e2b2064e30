import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationSummary } from '../../../shared/ipc';
import type { Presence } from '../../../shared/protocol/entities';
import { unreadLabel } from '../../data/read-state';
import { useFormatters } from '../../i18n/format';
import { useDraft } from '../../state/drafts';
import { ConversationAvatar } from './ConversationAvatar';
import { conversationTitle } from './peer';
import { previewText } from './preview';

interface ConversationItemProps {
  conversation: ConversationSummary;
  meId: string;
  selected: boolean;
  presence: Presence | null;
  onSelect: (conversationId: string) => void;
  /** Opens the row's menu (pin, mute, mark read) at a point, or under the row when null. */
  onMenu: (conversationId: string, at: { x: number; y: number } | null, opener: HTMLElement) => void;
}

/** The second line: a draft you left here wins over the newest message (as WeChat shows it). */
function Preview({ conversation, meId, selected }: { conversation: ConversationSummary; meId: string; selected: boolean }) {
  const { t } = useTranslation();
  const draft = useDraft(conversation.id);
  const last = conversation.lastMessage;
  const draftText = draft.text.replace(/\s+/g, ' ').trim();
  if (draftText && !selected) {
    return (
      <>
        <span className="conversation-item__draft" data-testid="conversation-draft">
          {t('conversations.draftTag')}
        </span>
        <span className="conversation-item__text">{draftText}</span>
      </>
    );
  }
  if (!last) return <span className="conversation-item__empty">{t('conversations.noMessages')}</span>;
  return (
    <>
      {last.status === 'sending' && <span className="conversation-item__state">{t('conversations.sending')}</span>}
      {last.status === 'failed' && <span className="conversation-item__state conversation-item__state--failed">{t('conversations.failed')}</span>}
      <span className={`conversation-item__text${last.recalled || last.kind === 'system' ? ' conversation-item__text--event' : ''}`}>
        {previewText(conversation, meId, t)}
      </span>
    </>
  );
}

export const ConversationItem = memo(function ConversationItem({ conversation, meId, selected, presence, onSelect, onMenu }: ConversationItemProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const title = conversationTitle(conversation, meId, t);
  const last = conversation.lastMessage;
  const unread = conversation.unreadCount ?? 0;
  const mentions = conversation.unreadMentions ?? 0;
  const { muted, pinned } = conversation.settings;
  const ended = conversation.state !== 'active';
  const classes = [
    'row-button conversation-item',
    selected && 'conversation-item--selected',
    unread > 0 && !muted && 'conversation-item--unread',
    muted && 'conversation-item--muted',
    ended && 'conversation-item--ended',
  ].filter(Boolean);
  return (
    <li className="conversation-list__row" data-pinned={pinned || undefined}>
      <button
        type="button"
        className={classes.join(' ')}
        data-testid="conversation-item"
        data-conversation-id={conversation.id}
        data-kind={conversation.kind}
        data-state={conversation.state}
        aria-current={selected ? 'page' : undefined}
        aria-keyshortcuts="Shift+F10"
        onClick={() => onSelect(conversation.id)}
        onContextMenu={(e) => {
          e.preventDefault();
          onMenu(conversation.id, { x: e.clientX, y: e.clientY }, e.currentTarget);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
            e.preventDefault();
            onMenu(conversation.id, null, e.currentTarget);
          }
        }}
      >
        <ConversationAvatar conversation={conversation} meId={meId} title={title} presence={conversation.kind === 'direct' ? presence : null} />
        <span className="conversation-item__main">
          <span className="conversation-item__top">
            <span className="conversation-item__title" data-testid="conversation-title">
              {title}
            </span>
            {pinned && (
              <span className="icon icon--pin conversation-item__flag" data-testid="conversation-pinned" role="img" aria-label={t('conversationMenu.pinnedLabel')} />
            )}
            {muted && (
              <span className="icon icon--muted conversation-item__flag" data-testid="conversation-muted" role="img" aria-label={t('conversationMenu.mutedLabel')} />
            )}
            {last && (
              <time className="conversation-item__time" dateTime={new Date(last.createdAt).toISOString()} title={format.full(last.createdAt)}>
                {format.listTime(last.createdAt)}
              </time>
            )}
          </span>
          <span className="conversation-item__bottom">
            {ended && (
              <span className="conversation-item__ended" data-testid="conversation-ended">
                {t(conversation.state === 'left' ? 'conversations.leftTag' : 'conversations.dissolvedTag')}
              </span>
            )}
            <span className="conversation-item__preview" data-testid="conversation-preview">
              <Preview conversation={conversation} meId={meId} selected={selected} />
            </span>
            {mentions > 0 && (
              <span className="conversation-item__mention" data-testid="conversation-mention" aria-label={t('conversations.mentioned', { count: mentions })}>
                @
              </span>
            )}
            {unread > 0 && (
              <span
                className={`conversation-item__badge${muted ? ' conversation-item__badge--muted' : ''}`}
                data-testid="conversation-unread"
                aria-label={t('conversations.unread', { count: unread })}
              >
                {unreadLabel(unread)}
              </span>
            )}
          </span>
        </span>
      </button>
    </li>
  );
});
