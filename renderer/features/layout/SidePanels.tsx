import '../../styles/panels.css';
import { useConversation } from '../../data/conversations';
import { usePanels } from '../../state/panels';
import { useUiStore } from '../../state/ui-store';
import { GroupPanel } from '../groups/GroupPanel';
import { PluginPanelSlot } from './PluginPanelSlot';

/** The panels beside the chat: the group's details (groups only) and the plugin slot. */
export function SidePanels({ meId }: { meId: string }) {
  const selectedId = useUiStore((s) => s.selectedConversationId);
  const conversation = useConversation(selectedId);
  const groupPanelOpen = usePanels((s) => s.groupPanelOpen);
  if (!conversation) return null;
  return (
    <>
      {groupPanelOpen && conversation.kind === 'group' && <GroupPanel key={conversation.id} conversation={conversation} meId={meId} />}
      <PluginPanelSlot />
    </>
  );
}
