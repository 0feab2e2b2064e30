import { useEffect } from 'react';
import type { ConversationSummary } from '../../../shared/ipc';
import { useConversations } from '../../data/conversations';
import { usePanels } from '../../state/panels';
import { useUiStore } from '../../state/ui-store';
import { shortcutFor, type ShortcutAction } from './shortcuts';

/** The conversation above or below the selected one in the list (wrapping round). */
export function neighbourOf(list: readonly ConversationSummary[], selectedId: string | null, step: 1 | -1): string | null {
  if (list.length === 0) return null;
  const index = list.findIndex((c) => c.id === selectedId);
  if (index === -1) return list[step === 1 ? 0 : list.length - 1]!.id;
  return list[(index + step + list.length) % list.length]!.id;
}

/** Listens for the window-wide shortcuts while signed in. */
export function useGlobalShortcuts(): void {
  const { data: conversations } = useConversations();

  useEffect(() => {
    const run = (action: ShortcutAction) => {
      const ui = useUiStore.getState();
      switch (action) {
        case 'quickSwitcher':
          return ui.toggleDialog('quick-switcher');
        case 'search':
          return ui.toggleDialog('search');
        case 'settings':
          return ui.toggleDialog('settings');
        case 'shortcutHelp':
          return ui.toggleDialog('shortcut-help');
        case 'newGroup':
          return ui.toggleDialog('new-group');
        case 'groupPanel': {
          const selected = conversations?.find((c) => c.id === ui.selectedConversationId);
          if (ui.dialog === 'none' && selected?.kind === 'group') usePanels.getState().toggleGroupPanel();
          return;
        }
        case 'previousConversation':
        case 'nextConversation': {
          if (ui.dialog !== 'none') return;
          const next = neighbourOf(conversations ?? [], ui.selectedConversationId, action === 'nextConversation' ? 1 : -1);
          if (next) ui.selectConversation(next);
        }
      }
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const action = shortcutFor(event);
      if (!action) return;
      event.preventDefault();
      run(action);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [conversations]);
}
