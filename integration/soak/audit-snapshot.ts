import type { CacheApi } from '../../shared/cache';
import { LIMITS } from '../../shared/limits';
import type { Message } from '../../shared/protocol';
import { TestClient } from '../../server/src/testing-client';
import type { DeviceCacheState, ServerConversationLog } from './audit-types';

/**
 * Reads the server's log of every conversation the way its members do (`conversations.list` and
 * `messages.history` over the protocol, on sockets straight to the server, past the fault
 * proxies), one signed-in reader per account. Each member reads it, because a message an account
 * hid is left out of that account's history: the log is the union of the views (the plan never
 * lets every member hide the same message), and each view is what that account's caches must hold.
 */
export class ServerLogReader {
  private constructor(private readonly readers: Map<string, TestClient>) {}

  static async connect(socketUrl: string, accounts: ReadonlyArray<{ username: string; password: string }>): Promise<ServerLogReader> {
    const readers = new Map<string, TestClient>();
    for (const { username, password } of accounts) {
      const reader = await TestClient.connect(socketUrl);
      await reader.request('auth.signIn', { username, password });
      readers.set(username, reader);
    }
    return new ServerLogReader(readers);
  }

  /**
   * Reading every member's history takes a while, and a message committed meanwhile (a late
   * resend) makes the list's `lastSeq` disagree with the history. So the read is repeated (a few
   * times at most) until no `lastSeq` moved during it; `consistent` says whether that happened.
   * Settling waits for a consistent read: an audit of a torn one would report a false gap.
   */
  async read(): Promise<{ logs: ServerConversationLog[]; consistent: boolean }> {
    for (let attempt = 1; ; attempt++) {
      const logs = await this.readOnce();
      const after = await this.lastSeqs();
      const consistent = logs.every((log) => after.get(log.conversationId) === log.lastSeq);
      if (consistent || attempt >= 5) return { logs, consistent };
    }
  }

  private async lastSeqs(): Promise<Map<string, number>> {
    const seqs = new Map<string, number>();
    for (const reader of this.readers.values()) {
      for (const conversation of (await reader.request('conversations.list', {})).conversations) seqs.set(conversation.id, conversation.lastSeq);
    }
    return seqs;
  }

  private async readOnce(): Promise<ServerConversationLog[]> {
    const logs = new Map<string, ServerConversationLog>();
    for (const reader of this.readers.values()) {
      const { conversations } = await reader.request('conversations.list', {});
      for (const conversation of conversations) {
        if (logs.has(conversation.id)) continue;
        const views: Record<string, Message[]> = {};
        for (const member of conversation.members) {
          const memberReader = this.readers.get(member.username);
          if (memberReader) views[member.id] = await this.history(memberReader, conversation.id);
        }
        logs.set(conversation.id, {
          conversationId: conversation.id,
          label: conversation.members.map((member) => member.username).sort().join('+'),
          memberIds: conversation.members.map((member) => member.id),
          lastSeq: conversation.lastSeq,
          messages: union(Object.values(views)),
          views,
        });
      }
    }
    return [...logs.values()];
  }

  async close(): Promise<void> {
    await Promise.all([...this.readers.values()].map((reader) => reader.close()));
  }

  private async history(reader: TestClient, conversationId: string): Promise<Message[]> {
    const messages: Message[] = [];
    let beforeSeq: number | undefined;
    for (let pages = 0; pages < 10_000; pages++) {
      const params: { conversationId: string; limit: number; beforeSeq?: number } = { conversationId, limit: LIMITS.maxPageSize };
      if (beforeSeq !== undefined) params.beforeSeq = beforeSeq;
      const page = await reader.request('messages.history', params);
      messages.unshift(...page.messages);
      if (!page.hasMore || page.messages.length === 0) break;
      beforeSeq = page.messages[0]!.seq;
    }
    return messages;
  }
}

/** Every message any view has, once, in the order of the views (ascending seq when all is well). */
function union(views: Message[][]): Message[] {
  const byId = new Map<string, Message>();
  for (const view of views) for (const message of view) if (!byId.has(message.id)) byId.set(message.id, message);
  // A view that has everything is taken as the server listed it, so disorder stays visible to the
  // sequence audit; otherwise (each member hid something) the views are merged by seq.
  const complete = views.find((view) => view.length === byId.size);
  return complete ?? [...byId.values()].sort((a, b) => a.seq - b.seq);
}

/**
 * One device's cache as the app would read it back: the conversation list, every conversation's
 * whole timeline paged through `messages.page`, and the outbox. `alsoRead` names conversations
 * to page even when the list lacks them, so a missing row does not hide its messages.
 */
export async function readDeviceCache(
  device: { name: string; accountId: string; cache: CacheApi },
  alsoRead: readonly string[],
): Promise<DeviceCacheState> {
  const { cache } = device;
  const { conversations } = await cache['conversations.list']({});
  const conversationIds = conversations.map((row) => row.conversation.id);
  const timelines: Record<string, Message[]> = {};
  for (const conversationId of new Set([...conversationIds, ...alsoRead])) {
    const timeline = await readTimeline(cache, conversationId);
    if (timeline.length > 0 || conversationIds.includes(conversationId)) timelines[conversationId] = timeline;
  }
  const { items } = await cache['outbox.list']({});
  return { device: device.name, accountId: device.accountId, conversationIds, timelines, outbox: items };
}

async function readTimeline(cache: CacheApi, conversationId: string): Promise<Message[]> {
  const messages: Message[] = [];
  let beforeSeq: number | undefined;
  for (let pages = 0; pages < 10_000; pages++) {
    const params: { conversationId: string; limit: number; beforeSeq?: number } = { conversationId, limit: LIMITS.maxPageSize };
    if (beforeSeq !== undefined) params.beforeSeq = beforeSeq;
    const page = await cache['messages.page'](params);
    messages.unshift(...page.messages);
    if (!page.hasMore || page.messages.length === 0) break;
    beforeSeq = page.messages[0]!.seq;
  }
  return messages;
}
