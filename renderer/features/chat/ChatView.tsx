import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../shared/protocol/entities';
import { Avatar } from '../../components/Avatar';
import { Spinner } from '../../components/Spinner';
import { useConversation } from '../../data/conversations';
import { useMessages } from '../../data/messages';
import { translateError } from '../../i18n/errors';
import { Composer } from '../composer/Composer';
import { conversationTitle, displayNameOf, peerOf } from '../conversations/peer';
import { EmptyConversation } from './EmptyStates';
import { MessageList } from './MessageList';
import { useJumpTarget } from './useJumpTarget';
import { useReadTracking, useUnreadDivider } from './useReadTracking';

/** One conversation: who it is with, its messages, and the composer. */
export function ChatView({ conversationId, me }: { conversationId: string; me: User }) {
  const { t } = useTranslation();
  const conversation = useConversation(conversationId);
  const history = useMessages(conversationId);
  const peer = conversation ? peerOf(conversation, me.id) : null;
  const title = conversation ? conversationTitle(conversation, me.id, t) : '';
  const peerName = displayNameOf(peer, t);
  const [newestVisible, setNewestVisible] = useState<number | null>(null);
  useReadTracking(conversation, newestVisible);
  const unreadAfterSeq = useUnreadDivider(conversation);
  const jumpTarget = useJumpTarget(conversationId, history);
  // Receipts in direct conversations with someone else (not the note-to-self one).
  const peerReadSeq = conversation && conversation.members.length === 2 ? conversation.peerReadSeq : null;

  let body: React.ReactNode;
  if (history.isPending) {
    body = (
      <div className="chat__notice" role="status">
        <Spinner /> {t('chat.loading')}
      </div>
    );
  } else if (history.isError) {
    body = (
      <div className="chat__notice" role="alert">
        <p>{t('chat.loadFailed')}</p>
        <p className="muted">{translateError(t, history.error)}</p>
        <button type="button" className="button" onClick={() => void history.refetch()}>
          {t('common.retry')}
        </button>
      </div>
    );
  } else if (history.messages.length === 0 && !history.hasNextPage) {
    body = (
      <div className="message-list message-list--empty" data-testid="message-list" role="log" aria-live="polite" aria-label={t('chat.messagesLabel', { name: peerName })}>
        <EmptyConversation name={peerName} />
      </div>
    );
  } else {
    body = (
      <MessageList
        messages={history.messages}
        me={me}
        peerName={peerName}
        members={conversation?.members ?? [me]}
        hasOlder={history.hasNextPage}
        loadingOlder={history.isFetchingNextPage}
        onLoadOlder={() => void history.fetchNextPage()}
        unreadAfterSeq={unreadAfterSeq}
        peerReadSeq={peerReadSeq}
        onNewestVisible={setNewestVisible}
        jumpTarget={jumpTarget}
      />
    );
  }

  return (
    <section className="chat" data-testid="chat-view" data-conversation-id={conversationId} aria-label={title}>
      <header className="chat__header">
        {peer && <Avatar userId={peer.id} name={peerName} />}
        <div className="chat__heading">
          <h1 className="chat__title" data-testid="chat-title">
            {title}
          </h1>
          {peer && <span className="chat__subtitle">{t('common.atUsername', { username: peer.username })}</span>}
        </div>
      </header>
      {body}
      <Composer conversationId={conversationId} peerName={peerName} />
    </section>
  );
}
