import { useTranslation } from 'react-i18next';
import type { ReplyRef } from '../../../shared/protocol/entities';
import { replyPreviewText } from '../chat/parts/ReplyQuote';

/** Above the input: what the next message answers, with a way to stop answering it. */
export function ReplyBar({ reply, senderName, onCancel }: { reply: ReplyRef; senderName: string; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="composer-bar" data-testid="reply-bar">
      <span className="icon icon--reply" aria-hidden="true" />
      <span className="composer-bar__text">
        <strong>{t('composerExtras.replyingTo', { name: senderName })}</strong>{' '}
        <span className="muted" dir="auto">
          {replyPreviewText(reply, t)}
        </span>
      </span>
      <button type="button" className="icon-button" data-testid="reply-cancel" aria-label={t('composerExtras.cancelReply')} title={t('composerExtras.cancelReply')} onClick={onCancel}>
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );
}

/** Above the input while a sent message is being edited. */
export function EditBar({ onCancel }: { onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="composer-bar composer-bar--edit" data-testid="edit-bar">
      <span className="composer-bar__text">
        <strong>{t('composerExtras.editing')}</strong> <span className="muted">{t('composerExtras.editingHint')}</span>
      </span>
      <button type="button" className="icon-button" data-testid="edit-cancel" aria-label={t('composerExtras.cancelEdit')} title={t('composerExtras.cancelEdit')} onClick={onCancel}>
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );
}
