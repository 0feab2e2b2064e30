import type { Message, User } from '../../../shared/protocol';
import type { AccountStore } from './accounts-store';
import type { FileRepository } from './files-store';
import type { Messaging } from './messaging-store';

/**
 * The one repository interface every storage engine implements. Methods are async so a
 * networked engine (PostgreSQL) fits the same shape as the embedded one. Every method that reads
 * conversation content takes the caller's id or is only called after a membership check.
 */
export interface Store extends AccountStore, FileRepository {
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

  /**
   * Conversations, groups, messages and the change feed: the same SQL on both engines
   * (messaging-*.ts), run in each engine's transactions.
   */
  readonly messaging: Messaging;

  /**
   * Full-text search candidates: messages `userId` may see (member of the conversation, within
   * their visible seqs, not hidden by them; in `conversationId` when given) whose index entry holds
   * every one of `tokens` (shared/search tokens), newest first by index position, positions below
   * `beforePosition`, at most `limit`.
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
