import { WebSocket } from 'ws';
import type { CacheApi } from '../../../shared/cache';
import type { EventChannel, EventPayload, InvokeChannel, InvokeResponse } from '../../../shared/ipc';
import type { SocketLike } from '../host';
import { createMagpieCore } from '../index';
import type { CoreTuning } from '../tuning';
import { RecordingDesktop } from './desktop-recorder';
import { createRpcCache, createTestStore, MemorySecretStore } from './fixtures';

export interface TestClientOptions {
  serverUrl: string;
  /** The Dexie store behind the cache host; pass the previous one to "restart" a client. */
  store?: CacheApi;
  secrets?: MemorySecretStore;
  tuning?: Partial<CoreTuning>;
  /** Start with no cache host attached (call `rpc.attachHost()` later), like a shell with no tab open yet. */
  noHostYet?: boolean;
  /** Folders and recorded OS actions; pass the previous one to "restart" with the same files. */
  desktop?: RecordingDesktop;
}

/**
 * A real core in Node as a test drives it: `ws` for the socket, Dexie over fake-indexeddb reached
 * through the cache RPC client and host (as in the app), and an in-memory secret store.
 */
export function createTestClient(options: TestClientOptions) {
  const store = options.store ?? createTestStore();
  const secrets = options.secrets ?? new MemorySecretStore();
  const desktop = options.desktop ?? new RecordingDesktop();
  const rpc = createRpcCache(store, { attached: !options.noHostYet });
  const sockets: WebSocket[] = [];
  /** The method of every request this core sent, in order: lets tests see paging and resends. */
  const requests: string[] = [];
  const core = createMagpieCore(
    {
      defaultServerUrl: options.serverUrl,
      createSocket: (url) => {
        const socket = new WebSocket(url);
        sockets.push(socket);
        const send = socket.send.bind(socket);
        socket.send = ((data: string) => {
          requests.push((JSON.parse(data) as { method: string }).method);
          send(data);
        }) as typeof socket.send;
        return socket as unknown as SocketLike;
      },
      cache: rpc.client,
      secrets,
      appVersion: '0.0.0-test',
      shell: 'browser',
      platform: process.platform,
      desktop,
    },
    { backoffBaseMs: 50, backoffCapMs: 400, requestTimeoutMs: 5_000, log: () => {}, ...options.tuning },
  );

  const events: Array<{ event: EventChannel; payload: unknown }> = [];
  for (const event of ['connection.changed', 'session.changed', 'conversations.changed', 'messages.changed', 'typing.changed', 'presence.changed', 'users.changed'] as const) {
    core.on(event, (payload) => events.push({ event, payload }));
  }

  /** Invokes a channel and unwraps the envelope, throwing the typed error on failure. */
  async function call<C extends InvokeChannel>(channel: C, request: unknown): Promise<InvokeResponse<C>> {
    const envelope = await core.invoke(channel, request);
    if (!envelope.ok) throw Object.assign(new Error(`${channel}: ${envelope.error.code} ${envelope.error.message}`), { code: envelope.error.code });
    return envelope.value as InvokeResponse<C>;
  }

  return {
    core,
    store,
    secrets,
    desktop,
    rpc,
    events,
    requests,
    call,
    /** Cuts the current socket without telling the core, like a network drop. */
    cutSocket: () => sockets.at(-1)?.terminate(),
    lastEvent: <E extends EventChannel>(event: E) =>
      events.filter((entry) => entry.event === event).at(-1)?.payload as EventPayload<E> | undefined,
    texts: async (conversationId: string) =>
      (await call('messages.list', { conversationId, limit: 500 })).messages.map((message) => `${message.text}|${message.status}`),
  };
}

export type TestClient = ReturnType<typeof createTestClient>;
