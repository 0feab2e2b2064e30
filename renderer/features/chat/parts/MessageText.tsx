import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimelineMessage } from '../../../../shared/ipc';
import { useFormatters } from '../../../i18n/format';
import { renderMarkdown } from '../markdown';
import { useTimeline } from '../timeline-context';
import { mentionPatterns } from './mentions';

/** A message's text (or caption) with its formatting, links and mentions, and the edited marker. */
export const MessageText = memo(function MessageText({ message }: { message: TimelineMessage }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const { people, me } = useTimeline();
  const patterns = useMemo(() => mentionPatterns(message, people, me.id), [message, people, me.id]);
  const content = useMemo(() => renderMarkdown(message.text, patterns), [message.text, patterns]);
  if (message.text.length === 0 && message.editedAt === null) return null;
  return (
    <div className="message__text" data-testid="message-text" dir="auto">
      {content}
      {message.editedAt !== null && (
        <span className="message__edited" data-testid="message-edited" title={format.full(message.editedAt)}>
          {t('timeline.edited')}
        </span>
      )}
    </div>
  );
});
