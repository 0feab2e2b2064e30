import type { User } from '../../../shared/protocol/entities';
import { useUnreadWindowTitle } from '../../data/read-state';
import { useUiStore } from '../../state/ui-store';
import { ChatView } from '../chat/ChatView';
import { NoConversationSelected } from '../chat/EmptyStates';
import { NewDirectDialog } from '../conversations/NewDirectDialog';
import { NewGroupDialog } from '../groups/NewGroupDialog';
import { QuickSwitcher } from '../quick-switcher/QuickSwitcher';
import { SearchPanel } from '../search/SearchPanel';
import { TransfersPanel } from '../transfers/TransfersPanel';
import { useTransferEvents } from '../../data/transfers';
import { SettingsDialog } from '../settings/SettingsDialog';
import { ShortcutHelp } from '../shortcuts/ShortcutHelp';
import { useGlobalShortcuts } from '../shortcuts/useGlobalShortcuts';
import { Sidebar } from './Sidebar';
import { SidePanels } from './SidePanels';
import { SignOutDialog } from './SignOutDialog';
import { useSignedInEvents } from './useSignedInEvents';

export function MainLayout({ me }: { me: User }) {
  const selectedId = useUiStore((s) => s.selectedConversationId);
  const dialog = useUiStore((s) => s.dialog);
  useGlobalShortcuts();
  useUnreadWindowTitle();
  useSignedInEvents();
  useTransferEvents();
  return (
    <div className="app-layout">
      <Sidebar me={me} />
      <main className="app-layout__main">
        {selectedId ? <ChatView key={selectedId} conversationId={selectedId} me={me} /> : <NoConversationSelected />}
        <SidePanels meId={me.id} />
      </main>
      {dialog === 'new-direct' && <NewDirectDialog />}
      {dialog === 'new-group' && <NewGroupDialog meId={me.id} />}
      {dialog === 'sign-out' && <SignOutDialog />}
      {dialog === 'settings' && <SettingsDialog me={me} />}
      {dialog === 'quick-switcher' && <QuickSwitcher meId={me.id} />}
      {dialog === 'shortcut-help' && <ShortcutHelp />}
      {dialog === 'search' && <SearchPanel me={me} />}
      {dialog === 'transfers' && <TransfersPanel />}
    </div>
  );
}
