import type { User } from '../../../shared/protocol/entities';
import { useUnreadWindowTitle } from '../../data/read-state';
import { useUiStore } from '../../state/ui-store';
import { ChatView } from '../chat/ChatView';
import { NoConversationSelected } from '../chat/EmptyStates';
import { NewDirectDialog } from '../conversations/NewDirectDialog';
import { QuickSwitcher } from '../quick-switcher/QuickSwitcher';
import { SearchPanel } from '../search/SearchPanel';
import { SettingsDialog } from '../settings/SettingsDialog';
import { ShortcutHelp } from '../shortcuts/ShortcutHelp';
import { useGlobalShortcuts } from '../shortcuts/useGlobalShortcuts';
import { Sidebar } from './Sidebar';
import { SignOutDialog } from './SignOutDialog';

export function MainLayout({ me }: { me: User }) {
  const selectedId = useUiStore((s) => s.selectedConversationId);
  const dialog = useUiStore((s) => s.dialog);
  useGlobalShortcuts();
  useUnreadWindowTitle();
  return (
    <div className="app-layout">
      <Sidebar me={me} />
      <main className="app-layout__main">
        {selectedId ? <ChatView key={selectedId} conversationId={selectedId} me={me} /> : <NoConversationSelected />}
      </main>
      {dialog === 'new-direct' && <NewDirectDialog />}
      {dialog === 'sign-out' && <SignOutDialog />}
      {dialog === 'settings' && <SettingsDialog />}
      {dialog === 'quick-switcher' && <QuickSwitcher meId={me.id} />}
      {dialog === 'shortcut-help' && <ShortcutHelp />}
      {dialog === 'search' && <SearchPanel me={me} />}
    </div>
  );
}
