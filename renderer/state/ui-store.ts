import { create } from 'zustand';

export type Dialog = 'none' | 'new-direct' | 'sign-out' | 'settings' | 'quick-switcher' | 'shortcut-help';

interface UiState {
  selectedConversationId: string | null;
  /** Unsent text per conversation, kept while switching between conversations. */
  drafts: Record<string, string>;
  dialog: Dialog;
  /** Bumped when the chat should jump to its newest message (e.g. after the user sends). */
  scrollToEndRequest: number;
  selectConversation: (conversationId: string | null) => void;
  setDraft: (conversationId: string, text: string) => void;
  openDialog: (dialog: Exclude<Dialog, 'none'>) => void;
  /** Opens the dialog, or closes it when it is already open (a shortcut pressed twice). */
  toggleDialog: (dialog: Exclude<Dialog, 'none'>) => void;
  closeDialog: () => void;
  requestScrollToEnd: () => void;
  /** Forget everything that belonged to the signed-in account. */
  reset: () => void;
}

const initial = { selectedConversationId: null, drafts: {}, dialog: 'none' as Dialog, scrollToEndRequest: 0 };

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
  reset: () => set(initial),
}));
