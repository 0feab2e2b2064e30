import '../../styles/conversation-list.css';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Spinner } from '../../components/Spinner';
import { useConversations, useConversationSettings } from '../../data/conversations';
import { usePresence } from '../../data/presence';
import { useMarkRead } from '../../data/read-state';
import { translateError } from '../../i18n/errors';
import { useUiStore } from '../../state/ui-store';
import { ConversationItem } from './ConversationItem';
import { ConversationMenu, type ConversationActions, type MenuRequest } from './ConversationMenu';
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
  const peerIds = useMemo(
    () => (data ?? []).flatMap((c) => (c.kind === 'direct' ? [peerOf(c, meId)?.id].filter((id): id is string => !!id && id !== meId) : [])),
    [data, meId],
  );
  const presence = usePresence(peerIds);
  const selectedId = useUiStore((s) => s.selectedConversationId);
  const select = useUiStore((s) => s.selectConversation);
  const onSelect = useCallback((id: string) => select(id), [select]);
  const [menu, setMenu] = useState<MenuRequest | null>(null);
  const onMenu = useCallback((conversationId: string, at: MenuRequest['at'], opener: HTMLElement) => setMenu({ conversationId, at, opener }), []);
  const settings = useConversationSettings();
  const markRead = useMarkRead();
  const actions: ConversationActions = {
    setPinned: (c, pinned) => settings.mutate({ conversationId: c.id, pinned }),
    setMuted: (c, muted) => settings.mutate({ conversationId: c.id, muted }),
    markRead: (c) => markRead.mutate({ conversationId: c.id, seq: c.lastSeq }),
  };
  const actionError = settings.error ?? markRead.error;
  const menuConversation = menu ? data?.find((c) => c.id === menu.conversationId) : undefined;

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
      {actionError && (
        <p className="form-error sidebar__error" role="alert" data-testid="conversation-action-error">
          {translateError(t, actionError)}
        </p>
      )}
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
        {shown.map((conversation) => {
          const peer = conversation.kind === 'direct' ? peerOf(conversation, meId) : null;
          return (
            <ConversationItem
              key={conversation.id}
              conversation={conversation}
              meId={meId}
              selected={conversation.id === selectedId}
              presence={peer && peer.id !== meId ? (presence[peer.id] ?? 'offline') : null}
              onSelect={onSelect}
              onMenu={onMenu}
            />
          );
        })}
      </ul>
      {menu && menuConversation && <ConversationMenu conversation={menuConversation} request={menu} actions={actions} onClose={() => setMenu(null)} />}
    </nav>
  );
}
