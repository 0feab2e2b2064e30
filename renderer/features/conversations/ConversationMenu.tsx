import { useTranslation } from 'react-i18next';
import type { ConversationSummary } from '../../../shared/ipc';
import { PopupMenu, type MenuItem } from '../layout/PopupMenu';

export interface MenuRequest {
  conversationId: string;
  at: { x: number; y: number } | null;
  opener: HTMLElement;
}

export interface ConversationActions {
  setPinned: (conversation: ConversationSummary, pinned: boolean) => void;
  setMuted: (conversation: ConversationSummary, muted: boolean) => void;
  markRead: (conversation: ConversationSummary) => void;
}

/** Pin, mute and mark read for one row (right-click, the Menu key or Shift+F10). */
export function ConversationMenu({
  conversation,
  request,
  actions,
  onClose,
}: {
  conversation: ConversationSummary;
  request: MenuRequest;
  actions: ConversationActions;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { pinned, muted } = conversation.settings;
  const items: MenuItem[] = [
    {
      id: pinned ? 'unpin' : 'pin',
      label: t(pinned ? 'conversationMenu.unpin' : 'conversationMenu.pin'),
      onSelect: () => actions.setPinned(conversation, !pinned),
    },
    {
      id: muted ? 'unmute' : 'mute',
      label: t(muted ? 'conversationMenu.unmute' : 'conversationMenu.mute'),
      onSelect: () => actions.setMuted(conversation, !muted),
    },
  ];
  if ((conversation.unreadCount ?? 0) > 0) {
    items.push({ id: 'mark-read', label: t('conversationMenu.markRead'), onSelect: () => actions.markRead(conversation) });
  }
  return <PopupMenu label={t('conversationMenu.label')} items={items} at={request.at} anchor={request.opener} onClose={onClose} testId="conversation-menu" />;
}
