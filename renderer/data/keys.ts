/** Every react-query key the renderer uses, in one place so events and hooks agree. */
export const queryKeys = {
  session: ['session'] as const,
  connection: ['connection'] as const,
  conversations: ['conversations'] as const,
  messages: (conversationId: string) => ['messages', conversationId] as const,
  allMessages: ['messages'] as const,
  /** Local message search; `null` scope: every conversation. */
  messageSearch: (query: string, conversationId: string | null) => ['search', query, conversationId] as const,
  allSearches: ['search'] as const,
  userSearch: (query: string) => ['users', 'search', query] as const,
};
