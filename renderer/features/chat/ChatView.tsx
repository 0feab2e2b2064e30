import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../shared/protocol/entities';
import { Spinner } from '../../components/Spinner';
import { useConversation } from '../../data/conversations';
import { useMessages } from '../../data/messages';
import { usePeople } from '../../data/people';
import { translateError } from '../../i18n/errors';
import { Composer } from '../composer/Composer';
import { DropZone } from '../composer/DropZone';
import { useAttachments } from '../composer/useAttachments';
import { useFileDrop } from '../composer/useFileDrop';
import { conversationTitle } from '../conversations/peer';
import { AnnouncementBanner } from '../groups/AnnouncementBanner';
import { ChatHeader } from '../layout/ChatHeader';
import { canSend } from '../message-actions/permissions';
import { EmptyConversation } from './EmptyStates';
import { MessageList } from './MessageList';
import { namedIn } from './people-in';
import { TimelineProvider, type TimelineContextValue } from './timeline-context';
import { useJumpTarget } from './useJumpTarget';
import { useReadTracking, useUnreadDivider } from './useReadTracking';

/** One conversation: its header, its messages, and the composer (files may be dropped anywhere). */
export function ChatView({ conversationId, me }: { conversationId: string; me: User }) {
  const { t } = useTranslation();
  const conversation = useConversation(conversationId);
  const history = useMessages(conversationId);
  const title = conversation ? conversationTitle(conversation, me.id, t) : '';
  const [newestVisible, setNewestVisible] = useState<number | null>(null);
  useReadTracking(conversation, newestVisible);
  const unreadAfterSeq = useUnreadDivider(conversation);
  const jumpTarget = useJumpTarget(conversationId, history);
  // Receipts in direct conversations with someone else (not the note-to-self one).
  const peerReadSeq = conversation && conversation.kind === 'direct' && conversation.members.length === 2 ? conversation.peerReadSeq : null;
  const named = useMemo(() => namedIn(history.messages), [history.messages]);
  const people = usePeople(conversation?.members ?? [me], named);
  const timeline = useMemo<TimelineContextValue>(() => ({ me, conversation, people }), [me, conversation, people]);
  const attachments = useAttachments();
  const writable = conversation === null || canSend(conversation, me.id);
  const dragging = useFileDrop(attachments.add, writable);

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
      <div className="message-list message-list--empty" data-testid="message-list" role="log" aria-live="polite" aria-label={t('chat.messagesLabel', { name: title })}>
        <EmptyConversation name={title} />
      </div>
    );
  } else {
    body = (
      <MessageList
        messages={history.messages}
        peerName={title}
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
    <TimelineProvider value={timeline}>
      <section className="chat" data-testid="chat-view" data-conversation-id={conversationId} aria-label={title}>
        {conversation ? (
          <ChatHeader conversation={conversation} meId={me.id} />
        ) : (
          <header className="chat__header">
            <h1 className="chat__title" data-testid="chat-title">
              {title}
            </h1>
          </header>
        )}
        {conversation && <AnnouncementBanner conversation={conversation} />}
        {body}
        <Composer conversationId={conversationId} conversation={conversation} me={me} peerName={title} messages={history.messages} attachments={attachments} people={people} />
        {dragging && <DropZone target={title} />}
      </section>
    </TimelineProvider>
  );
}
