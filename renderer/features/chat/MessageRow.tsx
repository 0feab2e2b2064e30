import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimelineMessage } from '../../../shared/ipc';
import { Avatar } from '../../components/Avatar';
import { Spinner } from '../../components/Spinner';
import { useDiscardMessage, useRetryMessage } from '../../data/messages';
import { useFormatters } from '../../i18n/format';
import { translateError } from '../../i18n/errors';
import { MagpieError } from '../../../shared/errors';

interface MessageRowProps {
  message: TimelineMessage;
  own: boolean;
  /** First of a block from one sender: shows the avatar and the name. */
  first: boolean;
  senderName: string;
  /** The newest own message the peer has read: shows "Read". */
  readByPeer?: boolean;
  /** Reached from a search result: flashed for a moment. */
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
      <button type="button" className="link-button" data-testid="message-retry" disabled={busy} onClick={() => retry.mutate(message)}>
        {t('chat.retry')}
      </button>
      <button type="button" className="link-button link-button--danger" data-testid="message-discard" disabled={busy} onClick={() => discard.mutate(message)}>
        {t('chat.discard')}
      </button>
    </span>
  );
}

export const MessageRow = memo(function MessageRow({ message, own, first, senderName, readByPeer = false, jumpTarget = false }: MessageRowProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const className = ['message', own ? 'message--own' : 'message--other', first ? 'message--first' : 'message--continued', `message--${message.status}`, jumpTarget ? 'message--jump-target' : ''].join(' ').trim();
  return (
    <article
      className={className}
      data-testid="message"
      data-client-id={message.clientId}
      data-status={message.status}
      data-seq={message.seq ?? ''}
      data-own={own ? 'true' : 'false'}
      data-jump-target={jumpTarget ? 'true' : undefined}
      aria-label={`${own ? t('chat.you') : senderName}, ${format.full(message.createdAt)}`}
    >
      <div className="message__gutter">
        {first && !own ? <Avatar userId={message.senderId} name={senderName} /> : null}
      </div>
      <div className="message__content">
        {first && (
          <header className="message__header">
            {!own && <span className="message__sender">{senderName}</span>}
            <time className="message__time" dateTime={new Date(message.createdAt).toISOString()} title={format.full(message.createdAt)}>
              {format.time(message.createdAt)}
            </time>
          </header>
        )}
        <div className="message__bubble" title={format.full(message.createdAt)}>
          <p className="message__text" data-testid="message-text" dir="auto">
            {message.text}
          </p>
        </div>
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
    </article>
  );
});
