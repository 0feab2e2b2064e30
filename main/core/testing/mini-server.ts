import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { MagpieError } from '../../../shared/errors';
import type { Conversation, Message, MethodParams, User } from '../../../shared/protocol';

interface Peer {
  socket: WebSocket;
  userId: string | null;
}

/**
 * A small stand-in for the workspace server, speaking the same protocol from memory, so the core
 * can be tested end to end without the real one. State survives stop/start (like a restart with
 * its database intact). The real server is exercised by integration/.
 */
export class MiniServer {
  private wss: WebSocketServer | null = null;
  private readonly peers = new Set<Peer>();
  private readonly users = new Map<string, User & { password: string }>();
  private readonly tokens = new Map<string, string>();
  private readonly conversations = new Map<string, { conversation: Conversation; messages: Message[] }>();
  port = 0;
  /** Every messages.send received, to count resends. */
  readonly sendLog: string[] = [];

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

  private async receive(peer: Peer, text: string): Promise<void> {
    const frame = JSON.parse(text) as { v: number; id: string; method: string; params: Record<string, unknown> };
    if (frame.v !== 1) {
      peer.socket.send(JSON.stringify({ v: 1, type: 'fault', error: { code: 'protocol.version_unsupported', message: 'update' }, serverVersion: 1 }));
      return;
    }
    try {
      const result = this.handle(peer, frame.method, frame.params);
      peer.socket.send(JSON.stringify({ v: 1, type: 'reply', id: frame.id, ok: true, result }));
    } catch (error) {
      const shape = error instanceof MagpieError ? error.toShape() : { code: 'server.internal', message: 'oops' };
      peer.socket.send(JSON.stringify({ v: 1, type: 'reply', id: frame.id, ok: false, error: shape }));
    }
  }

  private handle(peer: Peer, method: string, params: Record<string, unknown>): unknown {
    switch (method) {
      case 'system.ping':
        return { serverTime: Date.now() };
      case 'auth.signUp': {
        const p = params as MethodParams<'auth.signUp'>;
        if ([...this.users.values()].some((user) => user.username === p.username)) throw new MagpieError('auth.username_taken', 'taken');
        const user = { id: `u${this.users.size + 1}`, username: p.username, displayName: p.displayName, password: p.password };
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
        const existing = [...this.conversations.values()].find((c) => c.conversation.members.every((m) => m.id === me || m.id === other));
        if (existing) return { conversation: existing.conversation };
        const conversation: Conversation = { id: `c${this.conversations.size + 1}`, kind: 'direct', members: [this.publicUser(me), this.publicUser(other)], lastSeq: 0, createdAt: Date.now(), readSeq: 0, unreadCount: 0, peerReadSeq: 0 };
        this.conversations.set(conversation.id, { conversation, messages: [] });
        this.push([me, other], { event: 'conversation.updated', data: { conversation } });
        return { conversation };
      }
      case 'messages.send': {
        const p = params as MethodParams<'messages.send'>;
        this.sendLog.push(p.clientId);
        const entry = this.conversations.get(p.conversationId);
        if (!entry) throw new MagpieError('conversation.not_found', 'no');
        if (!entry.conversation.members.some((m) => m.id === me)) throw new MagpieError('conversation.forbidden', 'no');
        const duplicate = entry.messages.find((m) => m.clientId === p.clientId);
        if (duplicate) return { message: duplicate };
        const message: Message = { id: randomUUID(), conversationId: p.conversationId, seq: entry.messages.length + 1, clientId: p.clientId, senderId: me, kind: 'text', text: p.text, createdAt: Date.now() };
        entry.messages.push(message);
        entry.conversation = { ...entry.conversation, lastSeq: message.seq };
        this.push(entry.conversation.members.map((m) => m.id), { event: 'message.new', data: { message } });
        return { message };
      }
      case 'sync.catchUp': {
        const p = params as MethodParams<'sync.catchUp'>;
        const cursors = new Map(p.cursors.map((c) => [c.conversationId, c.seq]));
        const mine = [...this.conversations.values()].filter((c) => c.conversation.members.some((m) => m.id === me));
        const messages: Message[] = [];
        const conversations: Conversation[] = [];
        let hasMore = false;
        for (const entry of mine) {
          const missing = entry.messages.filter((m) => m.seq > (cursors.get(entry.conversation.id) ?? 0));
          if (missing.length === 0 && cursors.has(entry.conversation.id)) continue;
          const room = (p.limit ?? 200) - messages.length;
          if (room <= 0) {
            hasMore = true;
            break;
          }
          conversations.push(entry.conversation);
          messages.push(...missing.slice(0, room));
          if (missing.length > room) hasMore = true;
        }
        return { conversations, messages, hasMore };
      }
    }
    throw new MagpieError('protocol.unknown_method', method);
  }

  private bind(peer: Peer, userId: string) {
    const token = `tok_${randomUUID()}`;
    this.tokens.set(token, userId);
    peer.userId = userId;
    return { token, user: this.publicUser(userId) };
  }

  private publicUser(id: string): User {
    const user = this.users.get(id)!;
    return { id: user.id, username: user.username, displayName: user.displayName };
  }

  private push(userIds: string[], event: unknown): void {
    const frame = JSON.stringify({ v: 1, type: 'event', ...(event as object) });
    for (const peer of this.peers) if (peer.userId && userIds.includes(peer.userId)) peer.socket.send(frame);
  }
}
