import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { WebSocket } from 'ws';
import type { CacheApi } from '../../shared/cache';
import type { InvokeChannel, InvokeResponse } from '../../shared/ipc';
import { createDexieCacheStore } from '../../main/core/cache/dexie-store';
import { createMagpieCore, type CoreTuning, type MagpieCoreApi, type SocketLike } from '../../main/core/index';
import { RecordingDesktop } from '../../main/core/testing/desktop-recorder';
import { createRpcCache, MemorySecretStore } from '../../main/core/testing/fixtures';
import { createCrashableCache } from './crashable-cache';
import type { FaultProxy } from './fault-proxy';
import type { SoakDeviceSpec } from './soak-cast';

/** Fast timings so a dead link is found in well under a second and retries never wait long. */
export const SOAK_TUNING: Partial<CoreTuning> = {
  pingIntervalMs: 250,
  pingTimeoutMs: 400,
  requestTimeoutMs: 1_500,
  openTimeoutMs: 1_000,
  backoffBaseMs: 20,
  backoffCapMs: 250,
  stableAfterMs: 1_000,
  // Small pages so every catch-up after a fault runs over several pages.
  catchUpPageSize: 7,
  validateResponses: true,
  log: () => {},
};

/**
 * Deliberate breakage, only for proving that the soak notices: `cache` wraps the store each
 * process opens, `request` rewrites each request frame the core puts on the wire.
 */
export interface Sabotage {
  cache?: (store: CacheApi) => CacheApi;
  request?: (frame: { method?: string; params?: Record<string, unknown> }) => unknown;
}

/** One running app process: its core, its cache connection and its sockets. */
interface AppProcess {
  core: MagpieCoreApi;
  crashable: ReturnType<typeof createCrashableCache>;
  sockets: Set<WebSocket>;
}

/**
 * One installed copy of the app. What survives a crash lives here (the IndexedDB "disk" and the
 * stored session); what dies with the process lives in `AppProcess`. The device reaches the
 * server only through its own fault proxy.
 */
export class SoakDevice {
  /** The app's IndexedDB on disk: each process opens its own Dexie over it, as after a relaunch. */
  private readonly disk = new IDBFactory();
  readonly secrets = new MemorySecretStore();
  private process: AppProcess | null = null;
  private auditStore: CacheApi | null = null;
  accountId: string | null = null;
  crashes = 0;
  /** Requests this device put on the wire, over all its processes: shows resends and paging happened. */
  readonly wire = { sends: 0, catchUps: 0 };

  constructor(
    readonly spec: SoakDeviceSpec,
    readonly proxy: FaultProxy,
    private readonly sabotage: Sabotage = {},
  ) {}

  get name(): string {
    return this.spec.name;
  }

  get running(): boolean {
    return this.process !== null;
  }

  /** Starts the app (first launch or relaunch after a crash) and restores any stored session. */
  async boot(): Promise<void> {
    if (this.process) throw new Error(`${this.name} is already running`);
    const store = createDexieCacheStore({ indexedDB: this.disk, IDBKeyRange });
    const crashable = createCrashableCache(this.sabotage.cache ? this.sabotage.cache(store) : store);
    const rpc = createRpcCache(crashable.cache);
    const sockets = new Set<WebSocket>();
    const core = createMagpieCore(
      {
        defaultServerUrl: this.proxy.url,
        createSocket: (url) => {
          // A dead process opens nothing: a late timer must not reach the server.
          const socket = new WebSocket(crashable.alive ? url : 'ws://127.0.0.1:9/');
          socket.on('error', () => {});
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          const send = socket.send.bind(socket);
          socket.send = ((data: string) => {
            const frame = JSON.parse(data) as { method?: string; params?: Record<string, unknown> };
            if (frame.method === 'messages.send') this.wire.sends += 1;
            if (frame.method === 'sync.catchUp') this.wire.catchUps += 1;
            send(this.sabotage.request ? JSON.stringify(this.sabotage.request(frame)) : data);
          }) as typeof socket.send;
          return socket as unknown as SocketLike;
        },
        cache: rpc.client,
        secrets: this.secrets,
        appVersion: '0.0.0-soak',
        shell: 'browser',
        platform: process.platform,
        desktop: new RecordingDesktop(),
      },
      SOAK_TUNING,
    );
    this.process = { core, crashable, sockets };
    await core.start();
  }

  /**
   * Kills the app mid-flight, without stop(): the cache stops taking calls and the sockets are
   * torn down. Then stop() is called only to cancel the dead core's timers (it writes nothing: its
   * cache calls never settle), so the corpse cannot reconnect or leak into the next seed.
   */
  async crash(): Promise<void> {
    const app = this.takeProcess();
    // All at once, before any await, so the dying core cannot slip one more frame or write out.
    const cacheSettled = app.crashable.crash();
    for (const socket of app.sockets) socket.terminate();
    void app.core.stop();
    this.crashes += 1;
    await cacheSettled;
  }

  /** The app quits normally (end of a run). */
  async shutdown(): Promise<void> {
    if (!this.process) return;
    const app = this.takeProcess();
    await Promise.race([app.core.stop(), new Promise((resolve) => setTimeout(resolve, 2_000))]);
  }

  /** Calls a bridge channel of the running app; throws the typed error code on failure. */
  async call<C extends InvokeChannel>(channel: C, request: unknown): Promise<InvokeResponse<C>> {
    const app = this.process;
    if (!app) throw new Error(`${this.name} is not running`);
    const envelope = await app.core.invoke(channel, request);
    if (!envelope.ok) throw Object.assign(new Error(`${this.name} ${channel}: ${envelope.error.code}`), { code: envelope.error.code });
    return envelope.value as InvokeResponse<C>;
  }

  /** "The network is back": what the OS online event does in the app. */
  networkOnline(): void {
    this.process?.core.networkOnline();
  }

  /**
   * The cache as a fresh process would read it from disk, through the same CacheApi the app uses
   * (its own Dexie connection, so only committed data is seen).
   */
  async cacheOnDisk(): Promise<CacheApi> {
    if (!this.accountId) throw new Error(`${this.name} never signed in`);
    this.auditStore ??= createDexieCacheStore({ indexedDB: this.disk, IDBKeyRange });
    await this.auditStore['cache.open']({ accountId: this.accountId });
    return this.auditStore;
  }

  private takeProcess(): AppProcess {
    const app = this.process;
    if (!app) throw new Error(`${this.name} is not running`);
    this.process = null;
    return app;
  }
}
