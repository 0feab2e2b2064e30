import { useTranslation } from 'react-i18next';
import type { TimelineMessage } from '../../../../shared/ipc';
import { useReactToMessage } from '../../../data/messages';
import { translateError } from '../../../i18n/errors';
import { useTimeline } from '../timeline-context';
import { useNamer } from './SystemLine';

/** One chip per emoji: how many, whether the reader is one of them (a click toggles), who (tooltip). */
export function Reactions({ message, canReact }: { message: TimelineMessage; canReact: boolean }) {
  // Most messages have none: no hooks for them (a long list mounts many rows).
  if (message.reactions.length === 0 || message.id === null) return null;
  return <ReactionChips message={message} canReact={canReact} />;
}

function ReactionChips({ message, canReact }: { message: TimelineMessage; canReact: boolean }) {
  const { t, i18n } = useTranslation();
  const { me } = useTimeline();
  const name = useNamer();
  const react = useReactToMessage();
  const list = new Intl.ListFormat(i18n.language, { type: 'conjunction' });
  return (
    <div className="reactions" data-testid="reactions">
      {message.reactions.map((reaction) => {
        const mine = reaction.userIds.includes(me.id);
        const who = list.format(reaction.userIds.map(name));
        const label = t('timeline.reactedWith', { who, emoji: reaction.emoji });
        return (
          <button
            key={reaction.emoji}
            type="button"
            className={`reaction${mine ? ' reaction--mine' : ''}`}
            data-testid="reaction"
            data-emoji={reaction.emoji}
            data-mine={mine ? 'true' : 'false'}
            aria-pressed={mine}
            aria-label={label}
            title={label}
            disabled={!canReact || react.isPending}
            onClick={() => react.mutate({ conversationId: message.conversationId, messageId: message.id!, emoji: reaction.emoji, on: !mine })}
          >
            <span className="reaction__emoji" aria-hidden="true">
              {reaction.emoji}
            </span>
            <span className="reaction__count" aria-hidden="true">
              {reaction.userIds.length}
            </span>
          </button>
        );
      })}
      {react.isError && (
        <span className="reactions__error" role="alert">
          {translateError(t, react.error)}
        </span>
      )}
    </div>
  );
}
