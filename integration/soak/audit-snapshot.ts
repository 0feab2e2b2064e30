import type { CacheApi } from '../../shared/cache';
import { LIMITS } from '../../shared/limits';
import type { Message } from '../../shared/protocol';
import { TestClient } from '../../server/src/testing-client';
import type { DeviceCacheState, ServerConversationLog } from './audit-types';

/**
 * Reads the server's log of every conversation the way a member would (`conversations.list` and
 * `messages.history` over the protocol, on sockets straight to the server, past the fault
 * proxies), one signed-in reader per account so each conversation is read by a member.
 */
export class ServerLogReader {
  private constructor(private readonly readers: TestClient[]) {}

  static async connect(socketUrl: string, accounts: ReadonlyArray<{ username: string; password: string }>): Promise<ServerLogReader> {
    const readers: TestClient[] = [];
    for (const { username, password } of accounts) {
      const reader = await TestClient.connect(socketUrl);
      await reader.request('auth.signIn', { username, password });
      readers.push(reader);
    }
    return new ServerLogReader(readers);
  }

  async read(): Promise<ServerConversationLog[]> {
    const logs = new Map<string, ServerConversationLog>();
    for (const reader of this.readers) {
      const { conversations } = await reader.request('conversations.list', {});
      for (const conversation of conversations) {
        if (logs.has(conversation.id)) continue;
        logs.set(conversation.id, {
          conversationId: conversation.id,
          label: conversation.members.map((member) => member.username).sort().join('+'),
          memberIds: conversation.members.map((member) => member.id),
          lastSeq: conversation.lastSeq,
          messages: await this.history(reader, conversation.id),
        });
      }
    }
    return [...logs.values()];
  }

  async close(): Promise<void> {
    await Promise.all(this.readers.map((reader) => reader.close()));
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
