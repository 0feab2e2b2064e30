import type { OutboxItem } from '../../shared/cache';
import type { Message } from '../../shared/protocol';

/**
 * What a soak run leaves behind, as the audit sees it: the server's log of each conversation,
 * each device's cache as read from disk, and the ledger of every send the test made.
 */

/** One `messages.send` the soak made through a device's bridge, and what the bridge answered. */
export interface SendRecord {
  device: string;
  accountId: string;
  conversationId: string;
  text: string;
  outcome:
    /** The bridge returned a clientId: the message is durable and must reach the server exactly once. */
    | { kind: 'confirmed'; clientId: string }
    /** The app died before answering: the message may exist at most once, never twice. */
    | { kind: 'unconfirmed' }
    /** The bridge refused it (typed error): nothing was written, so it must never reach the server. */
    | { kind: 'refused'; code: string };
  /** Edits and recalls the bridge accepted, in the order it accepted them. */
  revisions?: Array<{ kind: 'edit'; text: string } | { kind: 'recall' }>;
  /** An edit or recall got no answer (timeout, crash): the server may or may not have applied it. */
  uncertain?: boolean;
  /** Reactions the bridge accepted, in order (one operation on a message at a time), by account. */
  reactions?: Array<{ accountId: string; emoji: string; on: boolean }>;
  /** A reaction got no answer: the message's reactions are not predicted (caches must still match the server). */
  reactionsUncertain?: boolean;
  /** Accounts whose hide (delete for me) of this message the bridge accepted. */
  hiddenBy?: string[];
}

export interface ServerConversationLog {
  conversationId: string;
  /** For reports: the members' usernames, e.g. "ann+bob". */
  label: string;
  memberIds: string[];
  /** What the server's conversation record says is the newest seq. */
  lastSeq: number;
  /** Every message, in the order the server returned them (ascending seq if all is well). */
  messages: Message[];
  /**
   * Each member's own view by account id: `messages` minus what that account hid. Absent when
   * nobody hid anything (every view is `messages`).
   */
  views?: Record<string, Message[]>;
}

export interface DeviceCacheState {
  device: string;
  accountId: string;
  /** Conversations listed by the cache (`conversations.list`). */
  conversationIds: string[];
  /** Each conversation's whole cached timeline, in the order `messages.page` returned it. */
  timelines: Record<string, Message[]>;
  /** What `outbox.list` still holds. */
  outbox: OutboxItem[];
}

export interface AuditInput {
  server: ServerConversationLog[];
  devices: DeviceCacheState[];
  sends: SendRecord[];
}

export type ViolationKind =
  /** A confirmed send or a server message missing where it must be. */
  | 'lost'
  /** The same clientId, seq or sent text twice. */
  | 'duplicated'
  /** Seqs not 1..n without holes (or `lastSeq` past the last message). */
  | 'gap'
  /** Seqs out of order, or a message at another seq than the server gave it. */
  | 'reordered'
  /** The same message with different content on the server and in a cache. */
  | 'diverged'
  /** A message nobody sent (or a refused send that got through). */
  | 'phantom'
  /** Still in an outbox after healing: written by a client, never confirmed by the server. */
  | 'unsent'
  /** A member's cache does not list a conversation. */
  | 'missing-conversation';

export interface Violation {
  kind: ViolationKind;
  /** The conversation's label (or id when unknown). */
  conversation: string;
  /** `server` or a device name. */
  where: string;
  detail: string;
}

export const formatViolation = (v: Violation) => `${v.kind} in ${v.conversation} @ ${v.where}: ${v.detail}`;
