import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Spinner } from '../../components/Spinner';
import { useConversations } from '../../data/conversations';
import { translateError } from '../../i18n/errors';
import { useUiStore } from '../../state/ui-store';
import { ConversationItem } from './ConversationItem';

export function ConversationList({ meId }: { meId: string }) {
  const { t } = useTranslation();
  const { data, isPending, isError, error, refetch } = useConversations();
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
      {data.length === 0 && (
        <div className="sidebar__notice">
          <p>{t('conversations.empty')}</p>
          <p className="muted">{t('conversations.emptyHint')}</p>
        </div>
      )}
      <ul className="conversation-list" data-testid="conversation-list">
        {data.map((conversation) => (
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
