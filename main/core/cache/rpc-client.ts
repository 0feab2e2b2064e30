import {
  CACHE_METHOD_NAMES,
  CACHE_METHODS,
  CacheHelloSchema,
  CacheReplySchema,
  type CacheApi,
  type CacheMethod,
  type CacheParams,
  type CacheRequest,
  type CacheResult,
} from '../../../shared/cache';
import { MagpieError } from '../../../shared/errors';
import type { MessageTransport } from '../host';

export interface CacheRpcClientOptions {
  /** How long a call may wait for a host (including time with none attached). */
  callTimeoutMs?: number;
  log?: (message: string, detail?: unknown) => void;
}

interface PendingCall {
  method: CacheMethod;
  params: unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  timer: ReturnType<typeof setTimeout>;
  sent: boolean;
}

/**
 * Main's handle on the cache host. The host is a page that can be reloaded or crash at any time,
 * so calls made while no host is attached wait in a queue, and calls in flight when a host goes
 * away are sent again to the next one (every cache method is an idempotent put or read). A new
 * host starts with no database open, so the last `cache.open` is replayed to it first.
 */
// The methods are made in the constructor from CACHE_METHODS; this declares them to the compiler.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface CacheRpcClient extends CacheApi {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class CacheRpcClient {
  private transport: MessageTransport | null = null;
  private ready = false;
  private subscriptions: Array<() => void> = [];
  private nextId = 1;
  private readonly pending = new Map<number, PendingCall>();
  private readonly replays = new Set<number>();
  private lastOpen: CacheParams<'cache.open'> | null = null;
  private readonly callTimeoutMs: number;
  private readonly log: (message: string, detail?: unknown) => void;

  constructor(options: CacheRpcClientOptions = {}) {
    this.callTimeoutMs = options.callTimeoutMs ?? 60_000;
    this.log = options.log ?? ((message, detail) => console.warn(`[cache-rpc] ${message}`, detail ?? ''));
    // One method per contract entry, so a method added to CACHE_METHODS needs no edit here.
    const self = this as unknown as Record<CacheMethod, (params: unknown) => Promise<unknown>>;
    for (const method of CACHE_METHOD_NAMES) self[method] = (params) => this.call(method, params as CacheParams<typeof method>);
    self['cache.open'] = (params) => {
      this.lastOpen = { accountId: (params as CacheParams<'cache.open'>).accountId };
      return this.call('cache.open', params as CacheParams<'cache.open'>);
    };
    self['cache.wipe'] = (params) => {
      // A wiped account must not be re-created by a later replay.
      if (this.lastOpen?.accountId === (params as CacheParams<'cache.wipe'>).accountId) this.lastOpen = null;
      return this.call('cache.wipe', params as CacheParams<'cache.wipe'>);
    };
  }

  get attached(): boolean {
    return this.transport !== null && this.ready;
  }

  /** Uses `transport` from now on; calls start flowing once the host says `cache.ready`. */
  attach(transport: MessageTransport): void {
    this.detach();
    this.transport = transport;
    this.subscriptions = [
      transport.onMessage((message) => this.receive(transport, message)),
      transport.onClose(() => {
        if (this.transport === transport) this.detach();
      }),
    ];
  }

  /** Stops using the current host; its unanswered calls wait for the next one. */
  detach(): void {
    for (const unsubscribe of this.subscriptions) unsubscribe();
    this.subscriptions = [];
    this.transport = null;
    this.ready = false;
    this.replays.clear();
    for (const call of this.pending.values()) call.sent = false;
  }

  private call<M extends CacheMethod>(method: M, params: CacheParams<M>): Promise<CacheResult<M>> {
    return new Promise<CacheResult<M>>((resolve, reject) => {
      const id = this.nextId++;
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new MagpieError('cache.unavailable', `The cache host did not answer ${method} in time`));
      }, this.callTimeoutMs);
      this.pending.set(id, { method, params, resolve: resolve as (value: unknown) => void, reject, timer, sent: false });
      if (this.ready) this.sendPending();
    });
  }

  private receive(transport: MessageTransport, message: unknown): void {
    if (transport !== this.transport) return;
    if (CacheHelloSchema.safeParse(message).success) {
      // A (re)started host knows nothing of what the previous one was asked.
      for (const call of this.pending.values()) call.sent = false;
      this.ready = true;
      if (this.lastOpen) this.replayOpen(this.lastOpen);
      this.sendPending();
      return;
    }
    const reply = CacheReplySchema.safeParse(message);
    if (!reply.success) {
      this.log('dropped a malformed message from the cache host', reply.error.issues[0]);
      return;
    }
    const { id } = reply.data;
    if (this.replays.delete(id)) {
      if (!reply.data.ok) this.log('replaying cache.open failed', reply.data.error);
      return;
    }
    const call = this.pending.get(id);
    if (!call) return;
    this.pending.delete(id);
    clearTimeout(call.timer);
    if (!reply.data.ok) {
      call.reject(MagpieError.fromShape(reply.data.error));
      return;
    }
    const result = CACHE_METHODS[call.method].result.safeParse(reply.data.result);
    if (result.success) call.resolve(result.data);
    // Marked, so the core can tell a damaged cache row (integrity-guard.ts) from a failed call.
    else call.reject(new MagpieError('cache.failed', `The cache host answered ${call.method} with a malformed result`, { malformed: true }));
  }

  private replayOpen(params: CacheParams<'cache.open'>): void {
    const id = this.nextId++;
    this.replays.add(id);
    this.post({ type: 'cache.request', id, method: 'cache.open', params });
  }

  /** Sends every unsent call in the order it was made (Map iteration is insertion order). */
  private sendPending(): void {
    for (const [id, call] of this.pending) {
      if (call.sent) continue;
      if (!this.ready) return;
      call.sent = this.post({ type: 'cache.request', id, method: call.method, params: call.params });
    }
  }

  private post(request: CacheRequest): boolean {
    const transport = this.transport;
    if (!transport) return false;
    try {
      transport.send(request);
      return true;
    } catch (error) {
      this.log('sending to the cache host failed; waiting for a new host', error);
      this.detach();
      return false;
    }
  }
}
