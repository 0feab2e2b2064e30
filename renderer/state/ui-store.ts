import { create } from 'zustand';

export type Dialog = 'none' | 'new-direct' | 'new-group' | 'sign-out' | 'settings' | 'quick-switcher' | 'shortcut-help' | 'search' | 'transfers';

/** A message the chat should scroll to and flash (a search result was opened). */
export interface JumpTarget {
  conversationId: string;
  seq: number;
  /** New for every request, so opening the same result twice jumps twice. */
  id: number;
}

interface UiState {
  selectedConversationId: string | null;
  /** Unsent text per conversation, kept while switching between conversations. */
  drafts: Record<string, string>;
  dialog: Dialog;
  /** Bumped when the chat should jump to its newest message (e.g. after the user sends). */
  scrollToEndRequest: number;
  jumpTarget: JumpTarget | null;
  selectConversation: (conversationId: string | null) => void;
  setDraft: (conversationId: string, text: string) => void;
  openDialog: (dialog: Exclude<Dialog, 'none'>) => void;
  /** Opens the dialog, or closes it when it is already open (a shortcut pressed twice). */
  toggleDialog: (dialog: Exclude<Dialog, 'none'>) => void;
  closeDialog: () => void;
  requestScrollToEnd: () => void;
  /** Opens the conversation at one message, closing whatever dialog asked for it. */
  jumpTo: (conversationId: string, seq: number) => void;
  /** The chat reached the target (or gave up looking for it). */
  clearJumpTarget: () => void;
  /** Forget everything that belonged to the signed-in account. */
  reset: () => void;
}

const initial = { selectedConversationId: null, drafts: {}, dialog: 'none' as Dialog, scrollToEndRequest: 0, jumpTarget: null as JumpTarget | null };

export const useUiStore = create<UiState>()((set) => ({
  ...initial,
  selectConversation: (conversationId) => set({ selectedConversationId: conversationId }),
  setDraft: (conversationId, text) =>
    set((state) => {
      const drafts = { ...state.drafts };
      if (text.length === 0) delete drafts[conversationId];
      else drafts[conversationId] = text;
      return { drafts };
    }),
  openDialog: (dialog) => set({ dialog }),
  toggleDialog: (dialog) => set((state) => ({ dialog: state.dialog === dialog ? 'none' : dialog })),
  closeDialog: () => set({ dialog: 'none' }),
  requestScrollToEnd: () => set((state) => ({ scrollToEndRequest: state.scrollToEndRequest + 1 })),
  jumpTo: (conversationId, seq) =>
    set((state) => ({ selectedConversationId: conversationId, dialog: 'none', jumpTarget: { conversationId, seq, id: (state.jumpTarget?.id ?? 0) + 1 } })),
  clearJumpTarget: () => set({ jumpTarget: null }),
  reset: () => set(initial),
}));
