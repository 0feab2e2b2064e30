import '../../styles/panels.css';
import { useTranslation } from 'react-i18next';
import type { ConversationSummary } from '../../../shared/ipc';
import { usePresenceOf, useTyping } from '../../data/presence';
import { usePanels } from '../../state/panels';
import { useUiStore } from '../../state/ui-store';
import { ConversationAvatar } from '../conversations/ConversationAvatar';
import { conversationTitle, peerOf } from '../conversations/peer';
import { memberNamer } from '../conversations/preview';
import { typingText } from '../presence/typing-text';
import { shortcutHint } from '../shortcuts/shortcuts';

export const PLUGIN_PANEL_ID = 'plugin-panel';
export const GROUP_PANEL_ID = 'group-panel';

/**
 * The chat's header (mounted by ChatView): who or what this is, what they are doing right now
 * (typing, presence, or how many members), and the buttons for search and the side panels.
 */
export function ChatHeader({ conversation, meId }: { conversation: ConversationSummary; meId: string }) {
  const { t } = useTranslation();
  const title = conversationTitle(conversation, meId, t);
  const peer = peerOf(conversation, meId);
  const otherPeer = peer && peer.id !== meId ? peer : null;
  const presence = usePresenceOf(otherPeer?.id);
  const typing = useTyping(conversation.id).filter((id) => id !== meId);
  const groupPanelOpen = usePanels((s) => s.groupPanelOpen);
  const pluginPanelOpen = usePanels((s) => s.pluginPanelOpen);
  const toggleGroupPanel = usePanels((s) => s.toggleGroupPanel);
  const togglePluginPanel = usePanels((s) => s.togglePluginPanel);
  const openDialog = useUiStore((s) => s.openDialog);
  const group = conversation.kind === 'group';

  const typingLine = typingText(typing, memberNamer(conversation, meId, t), t);
  let subtitle: string;
  if (typingLine) subtitle = typingLine;
  else if (group) subtitle = t('groupPanel.memberCount', { count: conversation.members.length });
  else if (otherPeer) subtitle = `${t(`presence.${presence ?? 'offline'}`)} · ${t('common.atUsername', { username: otherPeer.username })}`;
  else subtitle = t('common.atUsername', { username: peer?.username ?? '' });

  return (
    <header className="chat__header" data-testid="chat-header">
      <ConversationAvatar conversation={conversation} meId={meId} title={title} presence={otherPeer ? presence : null} />
      <div className="chat__heading">
        <h1 className="chat__title" data-testid="chat-title">
          {title}
        </h1>
        <span className={`chat__subtitle${typingLine ? ' chat__subtitle--typing' : ''}`} data-testid="chat-subtitle" aria-live="polite">
          {subtitle}
        </span>
      </div>
      <div className="chat__header-actions">
        <button
          type="button"
          className="icon-button"
          data-testid="chat-search-button"
          aria-label={t('chatHeader.search')}
          title={t('common.withShortcut', { action: t('chatHeader.search'), keys: shortcutHint('search', t) })}
          onClick={() => openDialog('search')}
        >
          <span className="icon icon--search" aria-hidden="true" />
        </button>
        {group && (
          <button
            type="button"
            className="icon-button"
            data-testid="group-panel-button"
            aria-label={t('chatHeader.groupInfo')}
            title={t('common.withShortcut', { action: t('chatHeader.groupInfo'), keys: shortcutHint('groupPanel', t) })}
            aria-pressed={groupPanelOpen}
            aria-controls={groupPanelOpen ? GROUP_PANEL_ID : undefined}
            onClick={() => toggleGroupPanel()}
          >
            <span className="icon icon--people" aria-hidden="true" />
          </button>
        )}
        <button
          type="button"
          className="icon-button"
          data-testid="plugin-panel-button"
          aria-label={t('chatHeader.plugins')}
          title={t('chatHeader.plugins')}
          aria-pressed={pluginPanelOpen}
          aria-controls={pluginPanelOpen ? PLUGIN_PANEL_ID : undefined}
          onClick={() => togglePluginPanel()}
        >
          <span className="icon icon--apps" aria-hidden="true" />
        </button>
      </div>
    </header>
  );
}
