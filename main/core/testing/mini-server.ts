import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { MagpieError } from '../../../shared/errors';
import { ConversationSchema, MessageSchema, PROTOCOL_VERSION, UserSchema, type Conversation, type Message, type MethodParams, type User } from '../../../shared/protocol';

interface Peer {
  socket: WebSocket;
  userId: string | null;
}

interface Room {
  conversation: Conversation;
  messages: Message[];
  /** Per member: their read marker and the messages they hid. */
  readSeq: Map<string, number>;
  hiddenBy: Map<string, Set<string>>;
}

/** One change in the feed: who may see it and what changed. */
type FeedEntry = { pos: number; userIds: string[] } & (
  | { kind: 'message'; conversationId: string; messageId: string }
  | { kind: 'conversation'; conversationId: string }
  | { kind: 'hidden'; conversationId: string; messageId: string }
);

/**
 * A small stand-in for the workspace server, speaking protocol v2 from memory, so the core can be
 * tested end to end without the real one: direct conversations, text messages with edits,
 * recalls, reactions and hides, history, and the change feed (bootstrap and catch-up, with a
 * cursor that can be made to expire). State survives stop/start (like a restart with its
 * database intact). The real server is exercised by integration/.
 */
export class MiniServer {
  private wss: WebSocketServer | null = null;
  private readonly peers = new Set<Peer>();
  private readonly users = new Map<string, User & { password: string }>();
  private readonly tokens = new Map<string, string>();
  private readonly rooms = new Map<string, Room>();
  private readonly feed: FeedEntry[] = [];
  private position = 0;
  /** Catch-up from a cursor below this fails with `sync.cursor_expired`. */
  expiredBefore = 0;
  port = 0;
  /** Every messages.send received, to count resends. */
  readonly sendLog: string[] = [];
  /** Every method called, in order. */
  readonly methodLog: string[] = [];

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: this.port, path: '/socket' });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    this.port = (wss.address() as AddressInfo).port;
    this.wss = wss;
    wss.on('connection', (socket) => {
      const peer: Peer = { socket, userId: null };
      this.peers.add(peer);
      socket.on('close', () => this.peers.delete(peer));
      socket.on('message', (data) => void this.receive(peer, String(data)));
    });
  }

  async stop(): Promise<void> {
    for (const peer of this.peers) peer.socket.terminate();
    this.peers.clear();
    const wss = this.wss;
    this.wss = null;
    if (wss) await new Promise<void>((resolve) => wss.close(() => resolve()));
  }

  /** Forgets every session token, as if they had been revoked while clients were away. */
  revokeAllSessions(): void {
    this.tokens.clear();
  }

  /** Tells a user's sockets their session is over (signed out elsewhere). */
  endSessions(userId: string): void {
    this.push([userId], { event: 'session.ended', data: {} });
  }

  /**
   * A profile change made elsewhere: the server's records follow, and only `user.updated` is
   * pushed (to the user and everyone sharing a conversation), as the real server does live.
   */
  updateProfile(userId: string, patch: Partial<Pick<User, 'displayName' | 'avatarFileId'>>): void {
    const user = { ...this.users.get(userId)!, ...patch };
    this.users.set(userId, user);
    const contacts = new Set([userId]);
    for (const room of this.rooms.values()) {
      if (!room.conversation.members.some((member) => member.id === userId)) continue;
      room.conversation.members = room.conversation.members.map((member) => (member.id === userId ? { ...member, ...patch } : member));
      for (const id of this.memberIds(room)) contacts.add(id);
    }
    this.push([...contacts], { event: 'user.updated', data: { user: this.publicUser(userId) } });
  }

  /** The feed no longer reaches back before now: older cursors get `sync.cursor_expired`. */
  expireFeed(): void {
    this.expiredBefore = this.position;
  }

  /** Writes `count` messages from `senderId` without telling anyone (history a device never saw live). */
  seed(conversationId: string, senderId: string, count: number, text = (i: number) => `seed ${i}`, mentions = (_i: number): string[] => []): void {
    for (let i = 1; i <= count; i++) this.append(this.room(conversationId), senderId, { clientId: randomUUID(), text: text(i), mentions: mentions(i) }, false);
  }

  private async receive(peer: Peer, text: string): Promise<void> {
    const frame = JSON.parse(text) as { v: number; id: string; method: string; params: Record<string, unknown> };
    if (frame.v !== PROTOCOL_VERSION) {
      peer.socket.send(JSON.stringify({ v: PROTOCOL_VERSION, type: 'fault', error: { code: 'protocol.version_unsupported', message: 'update' }, serverVersion: PROTOCOL_VERSION }));
      return;
    }
    this.methodLog.push(frame.method);
    try {
      const result = this.handle(peer, frame.method, frame.params);
      peer.socket.send(JSON.stringify({ v: PROTOCOL_VERSION, type: 'reply', id: frame.id, ok: true, result }));
    } catch (error) {
      const shape = error instanceof MagpieError ? error.toShape() : { code: 'server.internal', message: String(error) };
      peer.socket.send(JSON.stringify({ v: PROTOCOL_VERSION, type: 'reply', id: frame.id, ok: false, error: shape }));
    }
  }

  private handle(peer: Peer, method: string, params: Record<string, unknown>): unknown {
    switch (method) {
      case 'system.ping':
        return { serverTime: Date.now() };
      case 'auth.signUp': {
        const p = params as MethodParams<'auth.signUp'>;
        if ([...this.users.values()].some((user) => user.username === p.username)) throw new MagpieError('auth.username_taken', 'taken');
        const user = { ...UserSchema.parse({ id: `u${this.users.size + 1}`, username: p.username, displayName: p.displayName }), password: p.password };
        this.users.set(user.id, user);
        return { session: this.bind(peer, user.id) };
      }
      case 'auth.signIn': {
        const p = params as MethodParams<'auth.signIn'>;
        const user = [...this.users.values()].find((u) => u.username === p.username && u.password === p.password);
        if (!user) throw new MagpieError('auth.invalid_credentials', 'no');
        return { session: this.bind(peer, user.id) };
      }
      case 'auth.resume': {
        const userId = this.tokens.get(String(params.token));
        if (!userId) throw new MagpieError('auth.session_invalid', 'unknown token');
        peer.userId = userId;
        return { user: this.publicUser(userId) };
      }
    }
    const me = peer.userId;
    if (!me) throw new MagpieError('auth.required', 'sign in');
    switch (method) {
      case 'auth.signOut':
        for (const [token, userId] of this.tokens) if (userId === me) this.tokens.delete(token);
        peer.userId = null;
        return {};
      case 'users.search':
        return { users: [...this.users.keys()].filter((id) => id !== me).map((id) => this.publicUser(id)) };
      case 'conversations.openDirect': {
        const other = String(params.userId);
        if (!this.users.has(other)) throw new MagpieError('user.not_found', 'no such user');
        const existing = [...this.rooms.values()].find((r) => r.conversation.members.length === 2 && r.conversation.members.every((m) => m.id === me || m.id === other));
        if (existing) return { conversation: this.seenBy(existing, me) };
        const members = [me, other].map((id) => ({ ...this.publicUser(id), role: 'member' as const, muted: false }));
        const conversation = ConversationSchema.parse({ id: `c${this.rooms.size + 1}`, kind: 'direct', members, lastSeq: 0, createdAt: Date.now() });
        const room: Room = { conversation, messages: [], readSeq: new Map(), hiddenBy: new Map() };
        this.rooms.set(conversation.id, room);
        this.changed(room);
        return { conversation: this.seenBy(room, me) };
      }
      case 'conversations.get':
        return { conversation: this.seenBy(this.member(String(params.conversationId), me), me) };
      case 'conversations.markRead': {
        const room = this.member(String(params.conversationId), me);
        const seq = Math.min(Number(params.seq), room.conversation.lastSeq);
        if (seq > (room.readSeq.get(me) ?? 0)) {
          room.readSeq.set(me, seq);
          this.record({ kind: 'conversation', conversationId: room.conversation.id, userIds: [me] });
          this.push(this.memberIds(room), { event: 'conversation.read', data: { conversationId: room.conversation.id, userId: me, readSeq: seq } });
        }
        const seen = this.seenBy(room, me);
        return { readSeq: seen.readSeq, unreadCount: seen.unreadCount };
      }
      case 'messages.send': {
        const p = params as MethodParams<'messages.send'>;
        this.sendLog.push(p.clientId);
        const room = this.member(p.conversationId, me);
        const duplicate = room.messages.find((m) => m.clientId === p.clientId);
        if (duplicate) return { message: duplicate };
        return { message: this.append(room, me, p, true) };
      }
      case 'messages.edit': {
        const p = params as MethodParams<'messages.edit'>;
        const [room, index] = this.find(p.messageId, me);
        const old = room.messages[index]!;
        if (old.senderId !== me || old.recalled) throw new MagpieError('message.not_editable', 'not yours');
        return { message: this.update(room, index, { text: p.text, mentions: p.mentions ?? [], mentionsAll: p.mentionsAll ?? false, editedAt: Date.now() }) };
      }
      case 'messages.recall': {
        const [room, index] = this.find(String(params.messageId), me);
        const old = room.messages[index]!;
        if (old.recalled) return { message: old };
        return { message: this.update(room, index, { text: '', mentions: [], mentionsAll: false, reactions: [], recalled: { by: me, at: Date.now() } }) };
      }
      case 'messages.react': {
        const p = params as MethodParams<'messages.react'>;
        const [room, index] = this.find(p.messageId, me);
        const reactions = structuredClone(room.messages[index]!.reactions);
        const entry = reactions.find((r) => r.emoji === p.emoji);
        if (p.on && !entry) reactions.push({ emoji: p.emoji, userIds: [me] });
        else if (p.on && entry && !entry.userIds.includes(me)) entry.userIds.push(me);
        else if (!p.on && entry) entry.userIds = entry.userIds.filter((id) => id !== me);
        return { message: this.update(room, index, { reactions: reactions.filter((r) => r.userIds.length > 0) }) };
      }
      case 'messages.hide': {
        const [room, index] = this.find(String(params.messageId), me);
        const message = room.messages[index]!;
        const hidden = room.hiddenBy.get(me) ?? new Set<string>();
        room.hiddenBy.set(me, hidden.add(message.id));
        this.record({ kind: 'hidden', conversationId: room.conversation.id, messageId: message.id, userIds: [me] });
        this.push([me], { event: 'message.hidden', data: { conversationId: room.conversation.id, messageId: message.id } });
        return {};
      }
      case 'messages.history': {
        const p = params as MethodParams<'messages.history'>;
        const room = this.member(p.conversationId, me);
        const visible = this.visibleTo(room, me).filter((m) => p.beforeSeq === undefined || m.seq < p.beforeSeq);
        const page = visible.slice(-p.limit).reverse();
        return { messages: page, hasMore: visible.length > p.limit };
      }
      case 'sync.bootstrap': {
        const p = params as MethodParams<'sync.bootstrap'>;
        const mine = [...this.rooms.values()].filter((r) => this.isMember(r, me)).sort((a, b) => (a.conversation.id < b.conversation.id ? -1 : 1));
        const after = mine.filter((r) => p.after === undefined || r.conversation.id > p.after);
        const page = after.slice(0, 2);
        return {
          head: this.position,
          conversations: page.map((r) => this.seenBy(r, me)),
          messages: page.flatMap((r) => this.visibleTo(r, me).slice(-(p.recent ?? 20))),
          next: after.length > page.length ? page.at(-1)!.conversation.id : null,
        };
      }
      case 'sync.catchUp': {
        const p = params as MethodParams<'sync.catchUp'>;
        if (p.after < this.expiredBefore) throw new MagpieError('sync.cursor_expired', 'too old');
        const entries = this.feed.filter((entry) => entry.pos > p.after && entry.userIds.includes(me));
        const page = entries.slice(0, p.limit);
        const conversations = new Map<string, Conversation>();
        const messages = new Map<string, Message>();
        const hidden: Array<{ conversationId: string; messageId: string }> = [];
        for (const entry of page) {
          const room = this.rooms.get(entry.conversationId)!;
          if (entry.kind === 'conversation') conversations.set(room.conversation.id, this.seenBy(room, me));
          else if (entry.kind === 'hidden') hidden.push({ conversationId: entry.conversationId, messageId: entry.messageId });
          else if (!room.hiddenBy.get(me)?.has(entry.messageId)) messages.set(entry.messageId, room.messages.find((m) => m.id === entry.messageId)!);
        }
        return {
          conversations: [...conversations.values()],
          messages: [...messages.values()],
          hidden,
          cursor: page.at(-1)?.pos ?? p.after,
          hasMore: entries.length > page.length,
        };
      }
      case 'typing.set': {
        const room = this.member(String(params.conversationId), me);
        this.push(this.memberIds(room).filter((id) => id !== me), { event: 'typing', data: { conversationId: room.conversation.id, userId: me, typing: params.typing } });
        return {};
      }
      case 'presence.set':
        return {};
      case 'presence.query':
        return { presence: (params.userIds as string[]).map((userId) => ({ userId, presence: [...this.peers].some((peer) => peer.userId === userId) ? 'online' : 'offline' })) };
    }
    throw new MagpieError('protocol.unknown_method', method);
  }

  private append(room: Room, senderId: string, p: { clientId: string; text: string; mentions?: string[]; mentionsAll?: boolean }, live: boolean): Message {
    const seq = room.messages.length + 1;
    const rev = ++this.position;
    const message = MessageSchema.parse({ id: randomUUID(), conversationId: room.conversation.id, seq, clientId: p.clientId, senderId, text: p.text, mentions: p.mentions ?? [], mentionsAll: p.mentionsAll ?? false, createdAt: Date.now(), rev });
    room.messages.push(message);
    room.conversation = { ...room.conversation, lastSeq: seq };
    room.readSeq.set(senderId, seq);
    this.feed.push({ pos: rev, kind: 'message', conversationId: room.conversation.id, messageId: message.id, userIds: this.memberIds(room) });
    if (live) this.push(this.memberIds(room), { event: 'message.new', data: { message } });
    return message;
  }

  private update(room: Room, index: number, change: Partial<Message>): Message {
    const rev = ++this.position;
    const message = { ...room.messages[index]!, ...change, rev };
    room.messages[index] = message;
    // The feed holds each message once, at its latest change.
    const old = this.feed.findIndex((entry) => entry.kind === 'message' && entry.messageId === message.id);
    if (old >= 0) this.feed.splice(old, 1);
    this.feed.push({ pos: rev, kind: 'message', conversationId: room.conversation.id, messageId: message.id, userIds: this.memberIds(room) });
    this.push(this.memberIds(room), { event: 'message.updated', data: { message } });
    return message;
  }

  private changed(room: Room): void {
    this.record({ kind: 'conversation', conversationId: room.conversation.id, userIds: this.memberIds(room) });
    for (const id of this.memberIds(room)) this.push([id], { event: 'conversation.updated', data: { conversation: this.seenBy(room, id) } });
  }

  private record(entry: { kind: 'conversation' | 'hidden'; conversationId: string; messageId?: string; userIds: string[] }): void {
    this.feed.push({ ...entry, pos: ++this.position } as FeedEntry);
  }

  private visibleTo(room: Room, userId: string): Message[] {
    const hidden = room.hiddenBy.get(userId);
    return room.messages.filter((m) => !hidden?.has(m.id));
  }

  private seenBy(room: Room, userId: string): Conversation {
    const readSeq = room.readSeq.get(userId) ?? 0;
    const peer = room.conversation.members.find((m) => m.id !== userId);
    return {
      ...room.conversation,
      readSeq,
      unreadCount: Math.max(0, room.conversation.lastSeq - readSeq),
      peerReadSeq: peer ? (room.readSeq.get(peer.id) ?? 0) : 0,
      rev: this.position,
    };
  }

  private member(conversationId: string, userId: string): Room {
    const room = this.rooms.get(conversationId);
    if (!room) throw new MagpieError('conversation.not_found', 'no');
    if (!this.isMember(room, userId)) throw new MagpieError('conversation.forbidden', 'no');
    return room;
  }

  private find(messageId: string, userId: string): [Room, number] {
    for (const room of this.rooms.values()) {
      const index = room.messages.findIndex((m) => m.id === messageId);
      if (index >= 0 && this.isMember(room, userId)) return [room, index];
    }
    throw new MagpieError('message.not_found', 'no');
  }

  private room(conversationId: string): Room {
    const room = this.rooms.get(conversationId);
    if (!room) throw new Error(`no conversation ${conversationId}`);
    return room;
  }

  private isMember(room: Room, userId: string): boolean {
    return room.conversation.members.some((m) => m.id === userId);
  }

  private memberIds(room: Room): string[] {
    return room.conversation.members.map((m) => m.id);
  }

  private bind(peer: Peer, userId: string) {
    const token = `tok_${randomUUID()}`;
    this.tokens.set(token, userId);
    peer.userId = userId;
    return { token, user: this.publicUser(userId) };
  }

  private publicUser(id: string): User {
    const { password: _password, ...user } = this.users.get(id)!;
    return user;
  }

  private push(userIds: string[], event: unknown): void {
    const frame = JSON.stringify({ v: PROTOCOL_VERSION, type: 'event', ...(event as object) });
    for (const peer of this.peers) if (peer.userId && userIds.includes(peer.userId)) peer.socket.send(frame);
  }
}
