import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { ReplyRef } from '../../shared/protocol/entities';
import { useCurrentUser } from '../data/session';

/** A mention the autocomplete inserted: the text it put in the message and whom it names. */
export interface MentionToken {
  token: string;
  userId: string;
}

/** What the user was writing in one conversation: survives switching away and restarting. */
export interface Draft {
  text: string;
  mentions: MentionToken[];
  /** The message this one answers (shown as a quote bar above the composer). */
  replyTo: ReplyRef | null;
}

/** Editing a sent message: the composer holds its text instead of the draft until saved or cancelled. */
export interface EditState {
  messageId: string;
  clientId: string;
  text: string;
  mentions: MentionToken[];
}

export const EMPTY_DRAFT: Draft = { text: '', mentions: [], replyTo: null };

interface DraftsState {
  /** Drafts by account, then by conversation: two people sharing a computer never see each other's. */
  accounts: Record<string, Record<string, Draft>>;
  /** Not persisted: an edit left open is abandoned on reload. By conversation. */
  editing: Record<string, EditState>;
  setDraft: (userId: string, conversationId: string, patch: Partial<Draft>) => void;
  clearDraft: (userId: string, conversationId: string, keepReply?: boolean) => void;
  startEdit: (conversationId: string, edit: EditState) => void;
  updateEdit: (conversationId: string, patch: Partial<Pick<EditState, 'text' | 'mentions'>>) => void;
  endEdit: (conversationId: string) => void;
  /** Sign-out with "remove local data": this account's drafts go too. */
  forgetAccount: (userId: string) => void;
  reset: () => void;
}

function isEmpty(draft: Draft): boolean {
  return draft.text.length === 0 && draft.replyTo === null;
}

export const useDrafts = create<DraftsState>()(
  persist(
    (set) => ({
      accounts: {},
      editing: {},
      setDraft: (userId, conversationId, patch) =>
        set((state) => {
          const mine = { ...state.accounts[userId] };
          const next = { ...EMPTY_DRAFT, ...mine[conversationId], ...patch };
          // Mentions whose text was deleted no longer name anyone.
          next.mentions = next.mentions.filter((m) => next.text.includes(m.token));
          if (isEmpty(next)) delete mine[conversationId];
          else mine[conversationId] = next;
          return { accounts: { ...state.accounts, [userId]: mine } };
        }),
      clearDraft: (userId, conversationId, keepReply = false) =>
        set((state) => {
          const mine = { ...state.accounts[userId] };
          const replyTo = keepReply ? (mine[conversationId]?.replyTo ?? null) : null;
          if (replyTo) mine[conversationId] = { ...EMPTY_DRAFT, replyTo };
          else delete mine[conversationId];
          return { accounts: { ...state.accounts, [userId]: mine } };
        }),
      startEdit: (conversationId, edit) => set((state) => ({ editing: { ...state.editing, [conversationId]: edit } })),
      updateEdit: (conversationId, patch) =>
        set((state) => {
          const current = state.editing[conversationId];
          if (!current) return state;
          const next = { ...current, ...patch };
          next.mentions = next.mentions.filter((m) => next.text.includes(m.token));
          return { editing: { ...state.editing, [conversationId]: next } };
        }),
      endEdit: (conversationId) =>
        set((state) => {
          const editing = { ...state.editing };
          delete editing[conversationId];
          return { editing };
        }),
      forgetAccount: (userId) =>
        set((state) => {
          const accounts = { ...state.accounts };
          delete accounts[userId];
          return { accounts, editing: {} };
        }),
      reset: () => set({ accounts: {}, editing: {} }),
    }),
    {
      name: 'magpie.drafts',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: (state) => ({ accounts: state.accounts }),
    },
  ),
);

/** The signed-in user's draft for one conversation (the conversation list marks these). */
export function useDraft(conversationId: string): Draft {
  const me = useCurrentUser();
  return useDrafts((s) => (me ? s.accounts[me.id]?.[conversationId] : undefined) ?? EMPTY_DRAFT);
}

export function useEditState(conversationId: string): EditState | null {
  return useDrafts((s) => s.editing[conversationId] ?? null);
}
