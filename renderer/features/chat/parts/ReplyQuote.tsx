import { useTranslation } from 'react-i18next';
import type { ReplyRef } from '../../../../shared/protocol/entities';
import { useUiStore } from '../../../state/ui-store';
import { useNamer } from './SystemLine';

/** What a quoted message shows when it has no text of its own: its kind. */
export function replyPreviewText(reply: Pick<ReplyRef, 'kind' | 'preview'>, t: (key: string) => string): string {
  if (reply.preview) return reply.preview;
  if (reply.kind === 'image') return t('timeline.kind.image');
  if (reply.kind === 'audio') return t('timeline.kind.audio');
  if (reply.kind === 'video') return t('timeline.kind.video');
  if (reply.kind === 'file') return t('timeline.kind.file');
  if (reply.kind === 'card') return t('timeline.kind.card');
  return t('timeline.replyRecalled');
}

/** The message this one answers; a click jumps to it (loading older history if need be). */
export function ReplyQuote({ reply, conversationId }: { reply: ReplyRef; conversationId: string }) {
  const { t } = useTranslation();
  const name = useNamer();
  const jumpTo = useUiStore((s) => s.jumpTo);
  return (
    <button
      type="button"
      className="reply-quote"
      data-testid="reply-quote"
      data-reply-seq={reply.seq}
      title={t('timeline.jumpToReply')}
      onClick={() => jumpTo(conversationId, reply.seq)}
    >
      <span className="reply-quote__sender">{name(reply.senderId)}</span>
      <span className="reply-quote__text" dir="auto">
        {replyPreviewText(reply, t)}
      </span>
    </button>
  );
}
