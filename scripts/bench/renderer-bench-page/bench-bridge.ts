import {
  type ConnectionState,
  type EventChannel,
  type InvokeChannel,
  type InvokeEnvelope,
  type InvokeResponse,
  type MagpieBridge,
  type ParsedInvokeRequest,
  type SessionState,
  type TimelineMessage,
} from '../../../shared/ipc';
import { MagpieError, toErrorShape } from '../../../shared/errors';
import { checkRequest } from '../../../renderer/test/contract-check';
import { ConversationSchema, MessageSchema, UserSchema, type Conversation, type User } from '../../../shared/protocol/entities';
import { DEFAULT_APP_SETTINGS } from '../../../shared/ipc/contract';
import { makeTimeline, messageText, type Timeline } from './corpus';

// Only what opening and scrolling conversations asks for; any other channel counts as a violation.
type Handlers = Partial<{ [C in InvokeChannel]: (request: ParsedInvokeRequest<C>) => InvokeResponse<C> }>;

const SERVER = 'https://magpie.bench';

/** A conversation whose messages are made from their `seq` on demand (see corpus.ts). */
interface BenchConversation {
  conversation: Conversation;
  seed: number;
  timeline: Timeline;
  senders: User[];
  /** Lowest seq any `messages.list` reply has carried (what the renderer has loaded). */
  lowestServed: number;
}

export interface BenchWorld {
  me: User;
  big: { id: string; count: number };
  small: { id: string; count: number };
  conversations: string[];
}

const user = (username: string, displayName: string): User => UserSchema.parse({ id: `u-${username}`, username, displayName });

/**
 * The bench's `window.magpie`: a signed-in session, a few conversations and one long one, served
 * from memory with the core's paging semantics (newest first, `limit` ≤ 500, `beforeSeq`, `hasMore`).
 * Every request is validated with the contract's schema, as main does; a violation is counted and
 * fails the bench. Replies come back on a later task, as IPC replies do.
 */
export class BenchBridge implements MagpieBridge {
  readonly shell = 'browser' as const;
  readonly violations: string[] = [];
  readonly calls = new Map<string, number>();
  private readonly conversations = new Map<string, BenchConversation>();
  private readonly session: SessionState;
  readonly world: BenchWorld;

  constructor(bigCount: number, smallCount = 20) {
    const now = Date.now();
    const me = user('alice', 'Alice 李');
    const wang = user('wang', '王伟');
    const bob = user('bob', 'Bob Smith');
    const chen = user('chen', '陈静');
    const carol = user('carol', 'Carol Chen');
    const dan = user('dan', '李丹');
    const erin = user('erin', 'Erin');
    this.session = { state: 'signed-in', serverUrl: SERVER, user: me };
    // Several senders in the long one: the contract's members list allows it, and it gives the
    // timeline many sender changes (avatars, names) as a team thread would.
    const big = this.add('c-big', [me, wang, bob, chen], bigCount, now - 60_000, 1);
    const small = this.add('c-small', [me, carol], smallCount, now, 2);
    this.add('c-dan', [me, dan], 5, now - 3_600_000, 3);
    this.add('c-erin', [me, erin], 1, now - 86_400_000, 4);
    this.add('c-self', [me], 0, now, 5);
    this.world = {
      me,
      big: { id: big.conversation.id, count: bigCount },
      small: { id: small.conversation.id, count: smallCount },
      conversations: [...this.conversations.keys()],
    };
  }

  private add(id: string, members: User[], count: number, endMs: number, seed: number): BenchConversation {
    const timeline = makeTimeline(count, members.length, endMs, seed);
    const created = count > 0 ? timeline.createdAt[0]! - 60_000 : endMs - 86_400_000 * 30;
    const entry: BenchConversation = {
      // Parsed, so fields the contract adds get their defaults; everything is read (no unread jump).
      conversation: ConversationSchema.parse({
        id,
        kind: 'direct',
        members,
        lastSeq: count,
        createdAt: Math.round(created),
        readSeq: count,
        peerReadSeq: count,
        unreadCount: 0,
      }),
      seed,
      timeline,
      senders: members,
      lowestServed: count + 1,
    };
    this.conversations.set(id, entry);
    return entry;
  }

  private message(entry: BenchConversation, seq: number): TimelineMessage {
    // Parsed, so every field the contract adds gets its default (plain text, no reactions...).
    const message = MessageSchema.parse({
      id: `${entry.conversation.id}-id${seq}`,
      clientId: `${entry.conversation.id}-m${seq}`,
      conversationId: entry.conversation.id,
      seq,
      senderId: entry.senders[entry.timeline.sender[seq - 1]!]!.id,
      text: messageText(entry.seed, seq),
      createdAt: entry.timeline.createdAt[seq - 1]!,
    });
    return { ...message, status: 'sent', transferId: null };
  }

  /** Messages of `conversationId` the renderer has been given so far (newest `loaded` of them). */
  loaded(conversationId: string): number {
    const entry = this.conversations.get(conversationId);
    return entry ? entry.timeline.count - entry.lowestServed + 1 : 0;
  }

  async invoke(channel: InvokeChannel, request: unknown): Promise<InvokeEnvelope> {
    this.calls.set(channel, (this.calls.get(channel) ?? 0) + 1);
    // An IPC reply is a later task, never the same microtask.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const checked = checkRequest(channel, request);
    if (!checked.ok) {
      this.violations.push(checked.violation);
      return checked.envelope;
    }
    try {
      const handler = this.handlers[channel] as ((r: unknown) => unknown) | undefined;
      if (!handler) {
        this.violations.push(`${channel}: not expected while opening and scrolling`);
        return { ok: false, error: { code: 'app.unsupported', message: channel } };
      }
      return { ok: true, value: handler(checked.request) };
    } catch (error) {
      return { ok: false, error: toErrorShape(error) };
    }
  }

  on(_event: EventChannel, _listener: (payload: unknown) => void): () => void {
    // Nothing changes while the bench runs: no events to send.
    return () => {};
  }

  private entry(conversationId: string): BenchConversation {
    const entry = this.conversations.get(conversationId);
    if (!entry) throw new MagpieError('conversation.not_found', conversationId);
    return entry;
  }

  private readonly connection: ConnectionState = { status: 'online' };

  private readonly handlers: Handlers = {
    'app.info': () => ({ version: '0.0.0-bench', shell: 'browser', platform: 'bench' }),
    'session.get': () => this.session,
    'session.signIn': () => this.session,
    'session.signUp': () => this.session,
    'session.signOut': () => this.session,
    'connection.get': () => this.connection,
    'connection.retryNow': () => this.connection,
    'users.search': () => ({ users: [] }),
    'conversations.list': () => ({
      conversations: [...this.conversations.values()].map((entry) => ({
        ...entry.conversation,
        lastMessage: entry.timeline.count > 0 ? this.message(entry, entry.timeline.count) : null,
        unreadMentions: 0,
      })),
    }),
    // The bench measures reading, not read state: marking read is accepted and changes nothing.
    'conversations.markRead': () => ({}),
    'conversations.openDirect': ({ userId }) => {
      const found = [...this.conversations.values()].find((e) => e.conversation.members.some((m) => m.id === userId));
      if (!found) throw new MagpieError('user.not_found', userId);
      return { conversation: found.conversation };
    },
    // The core's page: the `limit` newest sent messages below `beforeSeq`, oldest first.
    'messages.list': ({ conversationId, beforeSeq, limit }) => {
      const entry = this.entry(conversationId);
      const upper = Math.min(entry.timeline.count, beforeSeq === undefined ? Infinity : beforeSeq - 1);
      const lower = Math.max(1, upper - limit + 1);
      const messages: TimelineMessage[] = [];
      for (let seq = lower; seq <= upper; seq++) messages.push(this.message(entry, seq));
      if (messages.length > 0) entry.lowestServed = Math.min(entry.lowestServed, lower);
      return { messages, hasMore: upper >= 1 && lower > 1 };
    },
    'messages.send': () => {
      throw new MagpieError('ipc.invalid_request', 'the bench sends nothing');
    },
    'outbox.retry': () => ({}),
    'outbox.discard': () => ({}),
    'search.local': () => ({ results: [], nextBefore: null }),
    'transfers.list': () => ({ transfers: [] }),
    'settings.get': () => DEFAULT_APP_SETTINGS,
    'app.setView': () => ({}),
    'typing.set': () => ({}),
    'presence.get': ({ userIds }) => ({ presence: userIds.map((userId) => ({ userId, presence: 'offline' as const })) }),
    'users.get': ({ ids }) => ({ users: [...this.conversations.values()].flatMap((e) => e.senders).filter((u, i, all) => ids.includes(u.id) && all.indexOf(u) === i) }),
  };
}
