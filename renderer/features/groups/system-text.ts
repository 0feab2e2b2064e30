import type { TFunction } from 'i18next';
import type { SystemEvent } from '../../../shared/protocol/entities';

/** Turns a user id into the name to show ("You" for the caller). */
export type NameOf = (userId: string) => string;

/**
 * The sentence a group event reads as, in the chat and in the list preview. The server stores
 * only ids and a value, so the text follows the reader's language and the names' current spelling.
 */
export function systemEventText(event: SystemEvent, nameOf: NameOf, t: TFunction): string {
  const actor = nameOf(event.actorId);
  const targets = event.targetIds.map(nameOf).join(t('systemEvents.listSeparator'));
  const on = event.value === 'true';
  switch (event.type) {
    case 'group.created':
      return t('systemEvents.created', { actor });
    case 'member.joined':
      return event.targetIds.length === 1 && event.targetIds[0] === event.actorId
        ? t('systemEvents.joined', { targets })
        : t('systemEvents.added', { actor, targets });
    case 'member.left':
      return t('systemEvents.left', { actor });
    case 'member.removed':
      return t('systemEvents.removed', { actor, targets });
    case 'member.role_changed':
      return event.value === 'admin' ? t('systemEvents.madeAdmin', { actor, targets }) : t('systemEvents.removedAdmin', { actor, targets });
    case 'member.muted':
      return on ? t('systemEvents.muted', { actor, targets }) : t('systemEvents.unmuted', { actor, targets });
    case 'owner.transferred':
      return t('systemEvents.ownerTransferred', { actor, targets });
    case 'group.renamed':
      return t('systemEvents.renamed', { actor, value: event.value });
    case 'group.avatar_changed':
      return t('systemEvents.avatarChanged', { actor });
    case 'group.announcement_changed':
      return event.value.trim() ? t('systemEvents.announcementChanged', { actor }) : t('systemEvents.announcementCleared', { actor });
    case 'group.all_muted':
      return on ? t('systemEvents.allMutedOn', { actor }) : t('systemEvents.allMutedOff', { actor });
    case 'group.history_visibility_changed':
      return on ? t('systemEvents.historyVisibleOn', { actor }) : t('systemEvents.historyVisibleOff', { actor });
    case 'group.dissolved':
      return t('systemEvents.dissolved', { actor });
  }
}
