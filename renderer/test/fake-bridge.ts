import {
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  type ConnectionState,
  type EventChannel,
  type EventPayload,
  type InvokeChannel,
  type InvokeEnvelope,
  type InvokeResponse,
  type MagpieBridge,
  type ParsedInvokeRequest,
  type SessionState,
  type TimelineMessage,
} from '../../shared/ipc';
import { MagpieError, toErrorShape, type ErrorCode } from '../../shared/errors';
import { checkRequest } from './contract-check';
import { ConversationSchema, type Conversation, type User } from '../../shared/protocol/entities';
import { TimelineMessageSchema } from '../../shared/ipc';
import { fakeMessageOps, type MessageOpsState } from './fake-message-ops';
import { fakeGroupOps, listFor, newGroupOpsState } from './fake-groups';

type Handler<C extends InvokeChannel> = (request: ParsedInvokeRequest<C>) => InvokeResponse<C> | Promise<InvokeResponse<C>>;
export type Handlers = { [C in InvokeChannel]: Handler<C> };

export interface Call {
  channel: InvokeChannel;
  request: unknown;
}

const live = new Set<FakeBridge>();

/** Fails the test that just ran if the UI sent anything the contract would reject. */
export function assertNoContractViolations(): void {
  const violations = [...live].flatMap((bridge) => bridge.violations);
  live.clear();
  if (violations.length > 0) throw new Error(`contract violations:\n${violations.join('\n')}`);
}

export const DEFAULT_SERVER = 'https://magpie.test';

/**
 * An in-memory MagpieBridge for component tests. Every request is checked against the contract's
 * schema (a bad one is recorded and fails the test), every reply is checked too, and handlers can be
 * replaced per test to script failures.
 */
export class FakeBridge implements MagpieBridge {
  readonly shell = 'browser' as const;
  readonly calls: Call[] = [];
  readonly violations: string[] = [];
  session: SessionState = { state: 'signed-out', serverUrl: DEFAULT_SERVER };
  connection: ConnectionState = { status: 'online' };
  /** When false, sent messages stay `sending` (as when offline) until the test delivers them. */
  deliver = true;
  private readonly users = new Map<string, { user: User; password: string }>();
  private readonly conversations = new Map<string, Conversation>();
  private readonly timeline = new Map<string, TimelineMessage[]>();
  private readonly listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  private readonly overrides: Partial<Handlers> = {};
  /** Read markers by `conversationId:userId`. */
  private readonly reads = new Map<string, number>();
  private nextId = 1;

  constructor() {
    live.add(this);
  }

  async invoke(channel: InvokeChannel, request: unknown): Promise<InvokeEnvelope> {
    this.calls.push({ channel, request });
    const checkedRequest = checkRequest(channel, request);
    if (!checkedRequest.ok) {
      this.violations.push(checkedRequest.violation);
      return checkedRequest.envelope;
    }
    try {
      const handler = (this.overrides[channel] ?? this.defaults[channel]) as ((r: unknown) => unknown) | undefined;
      if (!handler) {
        // A channel no test has faked yet: fail the test loudly rather than answer something made up.
        this.violations.push(`the fake bridge has no handler for ${channel}`);
        throw new MagpieError('app.unsupported', `fake bridge: no ${channel}`);
      }
      const value = await handler(checkedRequest.request);
      const checked = INVOKE_CHANNELS[channel].response.safeParse(value);
      if (!checked.success) this.violations.push(`fake reply on ${channel} breaks the contract: ${checked.error.message}`);
      return { ok: true, value };
    } catch (error) {
      return { ok: false, error: toErrorShape(error) };
    }
  }

  on(event: EventChannel, listener: (payload: unknown) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener);
    this.listeners.set(event, set);
    return () => set.delete(listener);
  }

  /** Pushes an event as main would; the payload must match the contract. */
  emit<E extends EventChannel>(event: E, payload: EventPayload<E>): void {
    EVENT_CHANNELS[event].parse(payload);
    for (const listener of this.listeners.get(event) ?? []) listener(payload);
  }

  listenerCount(event: EventChannel): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  /** Replaces one channel's behaviour, e.g. to make it fail with a given code. */
  override<C extends InvokeChannel>(channel: C, handler: Handler<C>): void {
    (this.overrides as Record<string, unknown>)[channel] = handler;
  }

  failWith(channel: InvokeChannel, code: ErrorCode): void {
    this.override(channel, () => {
      throw new MagpieError(code, `scripted ${code}`);
    });
  }

  callsTo<C extends InvokeChannel>(channel: C): ParsedInvokeRequest<C>[] {
    return this.calls.filter((c) => c.channel === channel).map((c) => INVOKE_CHANNELS[channel].request.parse(c.request) as ParsedInvokeRequest<C>);
  }

  // ---- world building ----

  addUser(username: string, displayName: string, password = 'correct horse', extra: Partial<User> = {}): User {
    const user: User = { id: `u-${username}`, username, displayName, avatarFileId: null, isAdmin: false, ...extra };
    this.users.set(user.id, { user, password });
    return user;
  }

  signInAs(user: User): void {
    this.session = { state: 'signed-in', serverUrl: DEFAULT_SERVER, user };
  }

  setConnection(state: ConnectionState): void {
    this.connection = state;
    this.emit('connection.changed', state);
  }

  openDirect(a: User, b: User): Conversation {
    const existing = [...this.conversations.values()].find(
      (c) =>
        c.kind === 'direct' && c.members.some((m) => m.id === a.id) && c.members.some((m) => m.id === b.id) && (a.id !== b.id || c.members.length === 1),
    );
    if (existing) return existing;
    const conversation: Conversation = ConversationSchema.parse({
      id: `c-${this.nextId++}`,
      kind: 'direct',
      members: (a.id === b.id ? [a] : [a, b]).map((u) => ({ ...u, role: 'member', muted: false })),
      lastSeq: 0,
      createdAt: Date.now(),
    });
    this.conversations.set(conversation.id, conversation);
    this.timeline.set(conversation.id, []);
    return conversation;
  }

  /** Adds a message to a conversation as if it had synced; returns it. */
  addMessage(conversationId: string, sender: User, text: string, extra: Partial<TimelineMessage> = {}): TimelineMessage {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) throw new Error(`no conversation ${conversationId}`);
    const list = this.timeline.get(conversationId)!;
    const status = extra.status ?? 'sent';
    const seq = status === 'sent' ? ++conversation.lastSeq : null;
    const clientId = `m-${this.nextId++}`;
    const message: TimelineMessage = TimelineMessageSchema.parse({
      id: seq === null ? null : `id-${clientId}`,
      clientId,
      conversationId,
      seq,
      senderId: sender.id,
      text,
      createdAt: Date.now(),
      status,
      ...extra,
    });
    list.push(message);
    return message;
  }

  /** Moves `userId`'s read marker forward, as the server would (a peer reading: a receipt). */
  markReadAs(conversationId: string, userId: string, seq: number): void {
    const key = `${conversationId}:${userId}`;
    const lastSeq = this.conversations.get(conversationId)?.lastSeq ?? 0;
    this.reads.set(key, Math.max(this.reads.get(key) ?? 0, Math.min(seq, lastSeq)));
  }

  readSeqOf(conversationId: string, userId: string): number {
    return this.reads.get(`${conversationId}:${userId}`) ?? 0;
  }

  /** The read state `me` sees; unread counts others' sent messages after my marker. */
  private readStateOf(c: Conversation, me: User) {
    const readSeq = this.readSeqOf(c.id, me.id);
    const peer = c.members.find((m) => m.id !== me.id);
    const unreadCount = this.messagesOf(c.id).filter((m) => m.seq !== null && m.seq > readSeq && m.senderId !== me.id).length;
    return { readSeq, unreadCount, peerReadSeq: peer ? this.readSeqOf(c.id, peer.id) : 0 };
  }

  messagesOf(conversationId: string): TimelineMessage[] {
    return this.timeline.get(conversationId) ?? [];
  }

  /** What the signed-in user sees: without the messages they deleted for themselves. */
  visibleMessagesOf(conversationId: string): TimelineMessage[] {
    return this.messagesOf(conversationId).filter((m) => !this.ops.hidden.has(m.clientId));
  }

  me(): User {
    if (this.session.state !== 'signed-in') throw new MagpieError('auth.required', 'signed out');
    return this.session.user;
  }

  /** What the message, transfer and search fakes keep (fake-message-ops.ts). */
  readonly ops: MessageOpsState = { hidden: new Set(), uncached: new Set(), staged: new Map(), transfers: new Map(), opened: [] };

  conversationById(conversationId: string): Conversation | undefined {
    return this.conversations.get(conversationId);
  }

  userById(userId: string): User | undefined {
    return this.users.get(userId)?.user;
  }

  allConversations(): Conversation[] {
    return [...this.conversations.values()];
  }

  nextNumber(): number {
    return this.nextId++;
  }

  /** What the group, account, admin and settings fakes keep (fake-groups.ts). */
  readonly groupOps = newGroupOpsState();

  putConversation(conversation: Conversation): void {
    this.conversations.set(conversation.id, conversation);
    if (!this.timeline.has(conversation.id)) this.timeline.set(conversation.id, []);
  }

  /** A changed profile: the account and every membership show it, as the server's would. */
  putUser(user: User): void {
    const entry = this.users.get(user.id);
    if (!entry) throw new Error(`no user ${user.id}`);
    entry.user = user;
    for (const c of this.conversations.values()) c.members = c.members.map((m) => (m.id === user.id ? { ...m, ...user } : m));
    if (this.session.state === 'signed-in' && this.session.user.id === user.id) this.session = { ...this.session, user };
  }

  passwordOf(userId: string): string | undefined {
    return this.users.get(userId)?.password;
  }

  setPassword(userId: string, password: string): void {
    const entry = this.users.get(userId);
    if (entry) entry.password = password;
  }

  readStateFor(c: Conversation, me: User) {
    return this.readStateOf(c, me);
  }

  private readonly defaults: Partial<Handlers> = {
    ...fakeMessageOps(this),
    ...fakeGroupOps(this),
    'app.info': () => ({ version: '0.0.0-test', shell: 'browser', platform: 'test' }),
    'session.get': () => this.session,
    'session.signIn': ({ username, password }) => {
      const entry = [...this.users.values()].find((u) => u.user.username === username);
      if (!entry || entry.password !== password) throw new MagpieError('auth.invalid_credentials', 'no');
      this.signInAs(entry.user);
      return this.session;
    },
    'session.signUp': ({ username, password, displayName }) => {
      if ([...this.users.values()].some((u) => u.user.username === username)) throw new MagpieError('auth.username_taken', 'taken');
      this.signInAs(this.addUser(username, displayName, password));
      return this.session;
    },
    'session.signOut': () => {
      this.session = { state: 'signed-out', serverUrl: DEFAULT_SERVER };
      return this.session;
    },
    'connection.get': () => this.connection,
    'connection.retryNow': () => {
      this.connection = { status: 'connecting' };
      return this.connection;
    },
    'users.search': ({ query }) => {
      const q = query.toLowerCase();
      const me = this.me();
      const users = [...this.users.values()]
        .map((u) => u.user)
        .filter((u) => u.id !== me.id && (u.username.includes(q) || u.displayName.toLowerCase().includes(q)));
      return { users };
    },
    // Groups included: left and dissolved ones, with the caller's own state and settings (fake-groups.ts).
    'conversations.list': () => ({ conversations: listFor(this, this.me()) }),
    'conversations.openDirect': ({ userId }) => {
      const other = this.users.get(userId);
      if (!other) throw new MagpieError('user.not_found', userId);
      return { conversation: this.openDirect(this.me(), other.user) };
    },
    'conversations.markRead': ({ conversationId, seq }) => {
      this.markReadAs(conversationId, this.me().id, seq);
      return {};
    },
    'messages.list': ({ conversationId, beforeSeq, limit }) => {
      if (!this.conversations.has(conversationId)) throw new MagpieError('conversation.not_found', conversationId);
      const all = this.visibleMessagesOf(conversationId).filter((m) => beforeSeq === undefined || (m.seq !== null && m.seq < beforeSeq));
      const messages = all.slice(-limit);
      return { messages, hasMore: all.length > messages.length };
    },
    'outbox.retry': ({ clientId }) => {
      for (const list of this.timeline.values()) {
        const message = list.find((m) => m.clientId === clientId);
        if (message) message.status = 'sending';
      }
      return {};
    },
    'outbox.discard': ({ clientId }) => {
      for (const [id, list] of this.timeline) this.timeline.set(id, list.filter((m) => m.clientId !== clientId));
      return {};
    },
    // A plain substring search (the core's token index is tested in main/): sent messages, newest
    // first (createdAt, then conversation and seq, as the core orders them), paged by `before`.
    'search.local': ({ query, conversationId, limit, before }) => {
      const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
      type Position = readonly [createdAt: number, conversationId: string, seq: number];
      const at = (m: TimelineMessage): Position => [m.createdAt, m.conversationId, m.seq ?? 0];
      // Negative when x comes first, i.e. is newer.
      const newerFirst = (x: Position, y: Position) => y[0] - x[0] || (y[1] < x[1] ? -1 : y[1] > x[1] ? 1 : 0) || y[2] - x[2];
      const cursor: Position | null = before ? [before.createdAt, before.conversationId, before.seq] : null;
      const matching = [...this.timeline.values()]
        .flat()
        .filter((m) => m.seq !== null && !m.recalled && !this.ops.uncached.has(m.clientId) && !this.ops.hidden.has(m.clientId))
        .filter((m) => !conversationId || m.conversationId === conversationId)
        .filter((m) => terms.every((term) => m.text.toLowerCase().includes(term)))
        .sort((a, b) => newerFirst(at(a), at(b)))
        .filter((m) => !cursor || newerFirst(cursor, at(m)) < 0);
      const page = matching.slice(0, limit);
      const results = page.map((message) => ({
        message,
        conversationId: message.conversationId,
        highlights: terms
          .map((term) => ({ start: message.text.toLowerCase().indexOf(term), end: message.text.toLowerCase().indexOf(term) + term.length }))
          .sort((a, b) => a.start - b.start),
      }));
      const last = page.at(-1);
      const nextBefore = matching.length > page.length && last ? { createdAt: last.createdAt, conversationId: last.conversationId, seq: last.seq! } : null;
      return { results, nextBefore };
    },
  };
}
