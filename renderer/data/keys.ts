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
  transfers: ['transfers'] as const,
  /** The server's message search (history this device has not cached). */
  serverSearch: (query: string, conversationId: string | null) => ['server-search', query, conversationId] as const,
  usersById: (ids: readonly string[]) => ['users', 'byId', ...ids] as const,
  /** Presence of a set of users (ids sorted); `presence.changed` updates every set holding the user. */
  presence: (userIds: readonly string[]) => ['presence', ...userIds] as const,
  allPresence: ['presence'] as const,
  /** Who is typing in a conversation: filled only by `typing.changed`. */
  typing: (conversationId: string) => ['typing', conversationId] as const,
  appInfo: ['app-info'] as const,
  appSettings: ['app-settings'] as const,
  sessions: ['account', 'sessions'] as const,
  workspaceSettings: ['admin', 'settings'] as const,
  auditLog: ['admin', 'audit'] as const,
  mediaUrl: (fileId: string, variant: 'original' | 'thumbnail') => ['media-url', fileId, variant] as const,
};
