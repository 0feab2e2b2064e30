import { useTranslation } from 'react-i18next';
import type { TimelineMessage } from '../../../../shared/ipc';
import type { User } from '../../../../shared/protocol/entities';
import { systemEventText } from '../../groups/system-text';
import { useTimeline } from '../timeline-context';

/** Names for timeline sentences: "You" for the reader, else the person's name. */
export function useNamer(): (id: string) => string {
  const { t } = useTranslation();
  const { me, people } = useTimeline();
  return (id: string) => {
    if (id === me.id) return t('chat.you');
    const person: User | undefined = people.get(id);
    return person ? person.displayName.trim() || person.username : t('conversations.unknownUser');
  };
}

/** A centred line for a group event (the sentence is the groups feature's), not a bubble: nobody "said" it. */
export function SystemLine({ message }: { message: TimelineMessage }) {
  const { t } = useTranslation();
  const name = useNamer();
  if (!message.system) return null;
  return (
    <p className="timeline-event" data-testid="system-message" data-event={message.system.type} data-seq={message.seq ?? ''}>
      {systemEventText(message.system, name, t)}
    </p>
  );
}

/** What is left of a recalled message: who recalled it (the sender, or a group admin). */
export function RecalledLine({ message }: { message: TimelineMessage }) {
  const { t } = useTranslation();
  const { me } = useTimeline();
  const name = useNamer();
  const by = message.recalled?.by ?? message.senderId;
  const text =
    by === me.id
      ? t('timeline.recalledByMe')
      : by === message.senderId
        ? t('timeline.recalledBy', { name: name(by) })
        : t('timeline.recalledByAdmin', { name: name(by), sender: name(message.senderId) });
  return (
    <p className="timeline-event timeline-event--recalled" data-testid="message-recalled" data-seq={message.seq ?? ''}>
      {text}
    </p>
  );
}
