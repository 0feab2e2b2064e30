import { useEffect, useState } from 'react';
import { invoke, subscribe } from '../bridge/client';
import { useUiStore } from '../state/ui-store';

/** Whether this window has focus, kept current. */
function useWindowFocused(): boolean {
  const [focused, setFocused] = useState(() => (typeof document === 'undefined' ? false : document.hasFocus()));
  useEffect(() => {
    const on = () => setFocused(true);
    const off = () => setFocused(false);
    window.addEventListener('focus', on);
    window.addEventListener('blur', off);
    return () => {
      window.removeEventListener('focus', on);
      window.removeEventListener('blur', off);
    };
  }, []);
  return focused;
}

/**
 * Keeps main told what the user is looking at (so a notification never interrupts the conversation
 * in view), and opens what main asks for: a clicked notification or a magpie:// link selects the
 * conversation and, with a seq, jumps to that message.
 */
export function useAppNavigation(): void {
  const selected = useUiStore((s) => s.selectedConversationId);
  const focused = useWindowFocused();

  useEffect(() => {
    // Best effort: a failure here only means a notification might show for the open conversation.
    invoke('app.setView', { conversationId: selected, focused }).catch(() => undefined);
  }, [selected, focused]);

  useEffect(
    () =>
      subscribe('app.navigate', ({ conversationId, seq }) => {
        const ui = useUiStore.getState();
        if (seq !== undefined) ui.jumpTo(conversationId, seq);
        else {
          ui.selectConversation(conversationId);
          ui.closeDialog();
        }
      }),
    [],
  );
}
