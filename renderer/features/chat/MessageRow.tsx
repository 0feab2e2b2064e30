import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimelineMessage } from '../../../shared/ipc';
import { MagpieError } from '../../../shared/errors';
import { Avatar } from '../../components/Avatar';
import { Spinner } from '../../components/Spinner';
import { useDiscardMessage, useRetryMessage } from '../../data/messages';
import { useFormatters } from '../../i18n/format';
import { translateError } from '../../i18n/errors';
import { MessageActions } from '../message-actions/MessageActions';
import { messageActions } from '../message-actions/permissions';
import { isMediaOnly, MessageBody } from './MessageBody';
import { Reactions } from './parts/Reactions';
import { ReplyQuote } from './parts/ReplyQuote';
import { RecalledLine, SystemLine, useNamer } from './parts/SystemLine';
import { useTimeline } from './timeline-context';

interface MessageRowProps {
  message: TimelineMessage;
  own: boolean;
  /** First of a block from one sender: shows the avatar and the name. */
  first: boolean;
  senderName: string;
  /** The newest own message the peer has read: shows "Read". */
  readByPeer?: boolean;
  /** Reached from a search result or a reply quote: flashed for a moment. */
  jumpTarget?: boolean;
}

function FailedActions({ message }: { message: TimelineMessage }) {
  const { t } = useTranslation();
  const retry = useRetryMessage();
  const discard = useDiscardMessage();
  const busy = retry.isPending || discard.isPending;
  const reason = message.error ? translateError(t, MagpieError.fromShape(message.error)) : undefined;
  return (
    <span className="message__status message__status--failed" title={reason}>
      <span className="icon icon--alert" aria-hidden="true" />
      {t('chat.failed')}
      {reason && <span className="visually-hidden">{reason}</span>}
      <button type="button" className="link-button" data-testid="message-retry" disabled={busy} onClick={() => retry.mutate(message)}>
        {t('chat.retry')}
      </button>
      <button type="button" className="link-button link-button--danger" data-testid="message-discard" disabled={busy} onClick={() => discard.mutate(message)}>
        {t('chat.discard')}
      </button>
    </span>
  );
}

function EventRow({ message, jumpTarget, children }: { message: TimelineMessage; jumpTarget: boolean; children: React.ReactNode }) {
  return (
    <div className={`timeline-event-row${jumpTarget ? ' message--jump-target' : ''}`} data-seq={message.seq ?? ''} data-jump-target={jumpTarget ? 'true' : undefined}>
      {children}
    </div>
  );
}

export const MessageRow = memo(function MessageRow({ message, own, first, senderName, readByPeer = false, jumpTarget = false }: MessageRowProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const name = useNamer();
  const { me, conversation } = useTimeline();
  const [menuAt, setMenuAt] = useState<{ x: number; y: number } | null>(null);

  if (message.kind === 'system') {
    return (
      <EventRow message={message} jumpTarget={jumpTarget}>
        <SystemLine message={message} />
      </EventRow>
    );
  }
  if (message.recalled) {
    return (
      <EventRow message={message} jumpTarget={jumpTarget}>
        <RecalledLine message={message} />
      </EventRow>
    );
  }

  const canReact = messageActions(message, conversation, me.id, Date.now()).react;
  const className = [
    'message',
    own ? 'message--own' : 'message--other',
    first ? 'message--first' : 'message--continued',
    `message--${message.status}`,
    `message--kind-${message.kind}`,
    jumpTarget ? 'message--jump-target' : '',
    menuAt ? 'message--menu-open' : '',
  ].join(' ').replace(/\s+/g, ' ').trim();

  const openMenuFromKeyboard = (event: React.KeyboardEvent<HTMLElement>) => {
    if (event.target !== event.currentTarget) return;
    if (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey) || event.key === 'Enter') {
      event.preventDefault();
      const rect = event.currentTarget.getBoundingClientRect();
      setMenuAt({ x: rect.left + 48, y: rect.top + 8 });
    }
  };

  return (
    <article
      className={className}
      data-testid="message"
      data-client-id={message.clientId}
      data-message-id={message.id ?? ''}
      data-status={message.status}
      data-seq={message.seq ?? ''}
      data-kind={message.kind}
      data-own={own ? 'true' : 'false'}
      data-jump-target={jumpTarget ? 'true' : undefined}
      aria-label={`${own ? t('chat.you') : senderName}, ${format.full(message.createdAt)}`}
      tabIndex={message.id !== null ? 0 : undefined}
      onKeyDown={message.id !== null ? openMenuFromKeyboard : undefined}
      onContextMenu={(event) => {
        // A selection inside the message gets the system menu (copy the selected words).
        if (message.id === null || window.getSelection()?.toString()) return;
        event.preventDefault();
        setMenuAt({ x: event.clientX, y: event.clientY });
      }}
    >
      <div className="message__gutter">{first && !own ? <Avatar userId={message.senderId} name={senderName} /> : null}</div>
      <div className="message__content">
        {first && (
          <header className="message__header">
            {!own && <span className="message__sender">{senderName}</span>}
            <time className="message__time" dateTime={new Date(message.createdAt).toISOString()} title={format.full(message.createdAt)}>
              {format.time(message.createdAt)}
            </time>
          </header>
        )}
        {message.forwardedFrom && (
          <span className="message__forwarded" data-testid="message-forwarded">
            {t('timeline.forwardedFrom', { name: message.forwardedFrom.senderName || name(message.forwardedFrom.senderId) })}
          </span>
        )}
        {message.replyTo && <ReplyQuote reply={message.replyTo} conversationId={message.conversationId} />}
        <div className={`message__bubble${isMediaOnly(message) ? ' message__bubble--media' : ''}`} title={format.full(message.createdAt)}>
          <MessageBody message={message} />
        </div>
        <Reactions message={message} canReact={canReact} />
        {!first && (
          <time className="message__hover-time" dateTime={new Date(message.createdAt).toISOString()} aria-hidden="true">
            {format.time(message.createdAt)}
          </time>
        )}
        {message.status === 'sending' && (
          <span className="message__status" role="status">
            <Spinner /> {t('chat.sending')}
          </span>
        )}
        {message.status === 'failed' && <FailedActions message={message} />}
        {readByPeer && (
          <span className="message__status message__status--read" data-testid="message-read-receipt">
            {t('chat.read')}
          </span>
        )}
      </div>
      {message.id !== null && <MessageActions message={message} menuAt={menuAt} onMenu={setMenuAt} />}
    </article>
  );
});
