import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { OutboxItemSchema, type CacheApi, type OutboxItem } from '../../../shared/cache';
import { ConversationSchema, MessageSchema, type Conversation, type Message } from '../../../shared/protocol';
import { createDexieCacheStore } from '../cache/dexie-store';
import { createMemoryTransportPair } from '../cache/memory-transport';
import { CacheRpcClient } from '../cache/rpc-client';
import { serveCache } from '../cache/rpc-host';
import type { SecretStore, StoredSession } from '../host';

/** A Dexie store over its own fake-indexeddb factory: nothing leaks between tests. */
export function createTestStore(): CacheApi {
  return createDexieCacheStore({ indexedDB: new IDBFactory(), IDBKeyRange });
}

/** The cache as the core sees it in production: an RPC client talking to a host over a port. */
export function createRpcCache(store: CacheApi = createTestStore(), options: { attached?: boolean } = {}) {
  const client = new CacheRpcClient({ log: () => {} });
  let stopServing: (() => void) | null = null;
  const attachHost = () => {
    const [mainEnd, hostEnd] = createMemoryTransportPair();
    stopServing = serveCache(hostEnd, store);
    client.attach(mainEnd);
    return { mainEnd, hostEnd };
  };
  if (options.attached !== false) attachHost();
  return { client, store, attachHost, stop: () => stopServing?.() };
}

export class MemorySecretStore implements SecretStore {
  value: StoredSession | null = null;
  async load() {
    return this.value ? structuredClone(this.value) : null;
  }
  async save(session: StoredSession) {
    this.value = structuredClone(session);
  }
  async clear() {
    this.value = null;
  }
}

export function conversation(id: string, lastSeq = 0, fields: Partial<Conversation> = {}): Conversation {
  return ConversationSchema.parse({
    id,
    kind: 'direct',
    members: [
      { id: 'u1', username: 'ann', displayName: 'Ann' },
      { id: 'u2', username: 'bob', displayName: 'Bob' },
    ],
    lastSeq,
    createdAt: 1_000,
    readSeq: 0,
    unreadCount: lastSeq,
    peerReadSeq: 0,
    ...fields,
  });
}

export function message(conversationId: string, seq: number, text = `m${seq}`, fields: Partial<Message> = {}): Message {
  return MessageSchema.parse({
    id: `${conversationId}-m${seq}`,
    conversationId,
    seq,
    clientId: `${conversationId}-c${seq}`,
    senderId: 'u1',
    kind: 'text',
    text,
    createdAt: 1_000 + seq,
    rev: seq,
    ...fields,
  });
}

export function outboxItem(clientId: string, order: number, conversationId = 'c1'): OutboxItem {
  return OutboxItemSchema.parse({ clientId, conversationId, senderId: 'u1', text: `draft ${clientId}`, createdAt: order, order, attempts: 0, status: 'pending' });
}

/** Polls until `check` stops throwing: for effects that settle asynchronously. */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
