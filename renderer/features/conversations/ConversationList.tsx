import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Spinner } from '../../components/Spinner';
import { useConversations } from '../../data/conversations';
import { translateError } from '../../i18n/errors';
import { useUiStore } from '../../state/ui-store';
import { ConversationItem } from './ConversationItem';
import { matchesQuery } from './match';
import { conversationTitle, peerOf } from './peer';

/** The conversations, narrowed to those whose title, peer or last message match `filter`. */
export function ConversationList({ meId, filter = '' }: { meId: string; filter?: string }) {
  const { t } = useTranslation();
  const { data, isPending, isError, error, refetch } = useConversations();
  const shown = useMemo(
    () =>
      (data ?? []).filter((c) =>
        matchesQuery(filter, [conversationTitle(c, meId, t), peerOf(c, meId)?.username, c.lastMessage?.text]),
      ),
    [data, filter, meId, t],
  );
  const selectedId = useUiStore((s) => s.selectedConversationId);
  const select = useUiStore((s) => s.selectConversation);
  const onSelect = useCallback((id: string) => select(id), [select]);

  if (isPending) {
    return (
      <p className="sidebar__notice" role="status">
        <Spinner /> {t('conversations.loading')}
      </p>
    );
  }
  if (isError) {
    return (
      <div className="sidebar__notice" role="alert">
        <p>{t('conversations.loadFailed')}</p>
        <p className="muted">{translateError(t, error)}</p>
        <button type="button" className="link-button" onClick={() => void refetch()}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  return (
    <nav className="conversation-list-nav" aria-label={t('conversations.listLabel')}>
      {data.length > 0 && shown.length === 0 && (
        <p className="sidebar__notice" role="status" data-testid="conversation-filter-empty">
          {t('conversations.noMatches', { query: filter.trim() })}
        </p>
      )}
      {data.length === 0 && (
        <div className="sidebar__notice">
          <p>{t('conversations.empty')}</p>
          <p className="muted">{t('conversations.emptyHint')}</p>
        </div>
      )}
      <ul className="conversation-list" data-testid="conversation-list">
        {shown.map((conversation) => (
          <ConversationItem
            key={conversation.id}
            conversation={conversation}
            meId={meId}
            selected={conversation.id === selectedId}
            onSelect={onSelect}
          />
        ))}
      </ul>
    </nav>
  );
}
