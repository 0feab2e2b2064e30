import type { Conversation, Message, SyncCursor, User } from '../../../shared/protocol';

/**
 * The one repository interface every storage engine implements. Methods are async so a
 * networked engine (PostgreSQL) fits the same shape as the embedded one. Every method that reads
 * conversation content takes the caller's id or is only called after a membership check.
 */
export interface Store {
  /** Resolves when the store can answer queries (used by `/readyz`). */
  ping(): Promise<void>;
  close(): Promise<void>;

  countUsers(): Promise<number>;
  /** Throws `MagpieError('auth.username_taken')` when the username exists. */
  createUser(input: NewUser): Promise<User>;
  findUserById(id: string): Promise<User | null>;
  findCredentials(username: string): Promise<UserCredentials | null>;
  /** Case-insensitive substring match on username and display name; prefix matches first. */
  searchUsers(query: string, limit: number): Promise<User[]>;

  createSession(tokenHash: string, userId: string): Promise<void>;
  /** The user behind a live session, refreshing its last-seen time; null when unknown. */
  findSessionUser(tokenHash: string): Promise<User | null>;
  deleteSession(tokenHash: string): Promise<void>;

  listConversations(userId: string): Promise<Conversation[]>;
  /** The conversation and whether `userId` is a member; null when the id is unknown. */
  getConversationFor(conversationId: string, userId: string): Promise<{ conversation: Conversation; isMember: boolean } | null>;
  /** The direct conversation between two users, created on first use (exactly once). */
  openDirect(userId: string, otherUserId: string): Promise<{ conversation: Conversation; created: boolean }>;

  /**
   * Moves `userId`'s read marker in the conversation forward to `seq` (never back; the caller
   * clamps to lastSeq and has checked membership). `moved` says whether it changed.
   */
  markRead(conversationId: string, userId: string, seq: number): Promise<{ readSeq: number; lastSeq: number; moved: boolean }>;

  /**
   * Appends a message, allocating the next `seq` in the same transaction,
   * and moves the sender's read marker to it. A resend with a
   * (sender, clientId) pair already stored returns the stored message and allocates nothing.
   */
  appendMessage(input: NewMessage): Promise<{ message: Message; created: boolean }>;
  /** One message by id (used to rebuild a live event published by reference); null when unknown. */
  findMessage(id: string): Promise<Message | null>;
  /** Messages with seq < beforeSeq (or the newest), at most `limit`, returned in ascending seq. */
  history(conversationId: string, beforeSeq: number | undefined, limit: number): Promise<{ messages: Message[]; hasMore: boolean }>;
  /** One page of what the caller is missing; see `sync.catchUp` in the protocol. */
  catchUp(userId: string, cursors: SyncCursor[], limit: number): Promise<CatchUpPage>;

  /**
   * Full-text search candidates: messages in conversations `userId` is a member of (and in
   * `conversationId` when given) whose index entry holds every one of `tokens` (shared/search
   * tokens), newest first by index position, positions below `beforePosition`, at most `limit`.
   * Candidates only: bigram hits need checking against the text (`matchText`).
   */
  searchCandidates(userId: string, tokens: readonly string[], options: SearchCandidateOptions): Promise<SearchCandidate[]>;
  /**
   * Brings one message's search entry in line with its stored text (removes it when the message
   * is gone). Sending indexes in its own transaction; edits and recalls call this (or the store's
   * `indexMessage` inside their own transaction).
   */
  reindexMessage(messageId: string): Promise<void>;
}

export interface NewUser {
  username: string;
  displayName: string;
  passwordHash: string;
}

export interface UserCredentials {
  user: User;
  passwordHash: string;
}

export interface NewMessage {
  conversationId: string;
  senderId: string;
  clientId: string;
  text: string;
}

export interface CatchUpPage {
  conversations: Conversation[];
  messages: Message[];
  hasMore: boolean;
}

export interface SearchCandidateOptions {
  conversationId?: string;
  /** Exclusive upper bound on the index position (a `nextBefore` cursor). */
  beforePosition?: number;
  limit: number;
}

export interface SearchCandidate {
  /** The message's place in the search index (insertion order): the paging cursor. */
  position: number;
  message: Message;
}
