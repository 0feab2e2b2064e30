import { isMagpieError, MagpieError, type ErrorShape } from '../../../shared/errors';
import type { ConnectionState } from '../../../shared/ipc';
import type { MethodName, MethodParams, MethodResult, ServerEvent } from '../../../shared/protocol';
import type { SocketFactory } from '../host';
import type { CoreTuning } from '../tuning';
import { Backoff } from './backoff';
import { ServerLink } from './server-link';

/** Runs on every fresh link before it counts as online (the session's `auth.resume`). */
export type Handshake = (link: ServerLink) => Promise<void>;

/** Errors after which retrying cannot help: the user must update or sign in again. */
const FATAL_CODES = new Set(['protocol.version_unsupported', 'auth.session_invalid']);

export interface ConnectionDeps {
  createSocket: SocketFactory;
  now: () => number;
  random: () => number;
  tuning: CoreTuning;
}

type Timer = ReturnType<typeof setTimeout>;

/**
 * Keeps one socket to the server alive for the signed-in session: connects, runs the handshake,
 * pings to find dead links, and reconnects with jittered backoff. It knows nothing of accounts:
 * the session starts and stops it and reacts to fatal errors.
 */
export class Connection {
  private state: ConnectionState = { status: 'signed-out' };
  private link: ServerLink | null = null;
  private url: string | null = null;
  private handshake: Handshake | null = null;
  /** Bumped whenever the plan changes, so work begun under an old plan quietly stops. */
  private generation = 0;
  private retryTimer: Timer | null = null;
  private pingTimer: Timer | null = null;
  private stableTimer: Timer | null = null;
  private readonly backoff: Backoff;
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private readonly readyListeners = new Set<() => void>();
  private readonly eventListeners = new Set<(event: ServerEvent) => void>();
  private readonly fatalListeners = new Set<(error: MagpieError) => void>();
  private readonly answerListeners = new Set<() => void>();

  constructor(private readonly deps: ConnectionDeps) {
    this.backoff = new Backoff({ baseMs: deps.tuning.backoffBaseMs, capMs: deps.tuning.backoffCapMs, random: deps.random });
  }

  get current(): ConnectionState {
    return this.state;
  }

  get isOnline(): boolean {
    return this.state.status === 'online' && this.link !== null;
  }

  onState(listener: (state: ConnectionState) => void): () => void {
    return subscribe(this.stateListeners, listener);
  }
  /** After every successful (re)connect and handshake: time to catch up and flush. */
  onReady(listener: () => void): () => void {
    return subscribe(this.readyListeners, listener);
  }
  onEvent(listener: (event: ServerEvent) => void): () => void {
    return subscribe(this.eventListeners, listener);
  }
  onFatal(listener: (error: MagpieError) => void): () => void {
    return subscribe(this.fatalListeners, listener);
  }

  /**
   * The server answered a request or a heartbeat (a typed error counts: it proves the server is
   * reachable). Work that failed on the network without the socket noticing can try again.
   */
  onAnswer(listener: () => void): () => void {
    return subscribe(this.answerListeners, listener);
  }

  /** A one-off link for signing in; the session hands it back through `start`. */
  openLink(url: string): Promise<ServerLink> {
    const { openTimeoutMs, requestTimeoutMs, log } = this.deps.tuning;
    return ServerLink.open(this.deps.createSocket, url, { openTimeoutMs, requestTimeoutMs, log });
  }

  /** Keeps a connection to `url` from now on. `authenticatedLink` is already signed in: it skips the handshake. */
  start(url: string, handshake: Handshake, authenticatedLink?: ServerLink): void {
    this.halt();
    this.url = url;
    this.handshake = handshake;
    this.backoff.reset();
    const generation = this.generation;
    if (authenticatedLink?.isOpen) {
      this.adopt(authenticatedLink, generation);
      this.goOnline(authenticatedLink, generation);
    } else {
      authenticatedLink?.close();
      void this.connect(generation);
    }
  }

  /** Closes the socket and stops retrying. `offline` keeps the session (app quitting). */
  stop(status: 'signed-out' | 'offline' = 'signed-out'): void {
    this.halt();
    this.url = null;
    this.handshake = null;
    this.setState({ status });
  }

  /** Connect now instead of waiting for the backoff timer (user asked, or the OS network is back). */
  retryNow(): void {
    if (!this.url || this.state.status === 'online' || this.state.status === 'connecting') return;
    this.clearTimers();
    this.generation += 1;
    void this.connect(this.generation);
  }

  async request<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
    const link = this.link;
    if (!link || this.state.status !== 'online') throw new MagpieError('client.offline', 'Not connected to the server');
    try {
      const result = await link.request(method, params);
      this.answered();
      return result;
    } catch (error) {
      if (isMagpieError(error) && !error.code.startsWith('client.')) this.answered();
      throw error;
    }
  }

  private answered(): void {
    for (const listener of [...this.answerListeners]) {
      try {
        listener();
      } catch (error) {
        this.deps.tuning.log('an answer listener failed', error);
      }
    }
  }

  private async connect(generation: number): Promise<void> {
    const url = this.url;
    const handshake = this.handshake;
    if (!url || !handshake) return;
    this.setState({ status: 'connecting', lastError: this.state.lastError });
    let link: ServerLink;
    try {
      link = await this.openLink(url);
    } catch (error) {
      if (generation === this.generation) this.scheduleRetry(shapeOf(error));
      return;
    }
    if (generation !== this.generation) return link.close();
    this.adopt(link, generation);
    try {
      await handshake(link);
    } catch (error) {
      if (generation !== this.generation || this.link !== link) return;
      this.lose(link, error);
      return;
    }
    if (generation !== this.generation || this.link !== link) return link.close();
    this.goOnline(link, generation);
  }

  private adopt(link: ServerLink, generation: number): void {
    this.link = link;
    link.onEvent((event) => {
      if (generation !== this.generation) return;
      for (const listener of [...this.eventListeners]) listener(event);
    });
    link.onFault((fault) => {
      if (generation !== this.generation) return;
      if (fault.error.code === 'protocol.version_unsupported') {
        const details = { ...fault.error.details, serverVersion: fault.serverVersion };
        this.lose(link, new MagpieError(fault.error.code, fault.error.message, details));
      }
    });
    link.onClose((error) => {
      if (generation === this.generation) this.lose(link, error);
    });
  }

  private goOnline(link: ServerLink, generation: number): void {
    this.setState({ status: 'online' });
    this.schedulePing(link, generation);
    // Only a connection that stays up earns a fresh backoff; a flapping server keeps growing it.
    this.stableTimer = setTimeout(() => this.backoff.reset(), this.deps.tuning.stableAfterMs);
    for (const listener of [...this.readyListeners]) listener();
  }

  private schedulePing(link: ServerLink, generation: number): void {
    const { pingIntervalMs, pingTimeoutMs } = this.deps.tuning;
    this.pingTimer = setTimeout(async () => {
      try {
        await link.request('system.ping', {}, pingTimeoutMs);
        if (generation === this.generation) this.answered();
      } catch (error) {
        // No answer means a dead link (a typed error reply still proves the link works).
        if (isMagpieError(error, 'client.timeout') && generation === this.generation && this.link === link) {
          this.deps.tuning.log('heartbeat unanswered; reconnecting');
          this.lose(link, error);
          return;
        }
      }
      if (generation === this.generation && this.link === link) this.schedulePing(link, generation);
    }, pingIntervalMs);
  }

  /** The current link is gone (closed, failed handshake, dead heartbeat): retry or give up. */
  private lose(link: ServerLink, error: unknown): void {
    if (this.link !== link) return;
    this.link = null;
    this.clearTimers();
    this.generation += 1;
    link.close();
    const shape = shapeOf(error);
    if (FATAL_CODES.has(shape.code)) {
      this.setState({ status: 'offline', lastError: shape });
      for (const listener of [...this.fatalListeners]) listener(MagpieError.fromShape(shape));
      return;
    }
    this.scheduleRetry(shape);
  }

  private scheduleRetry(lastError: ErrorShape): void {
    const delay = this.backoff.next();
    const generation = this.generation;
    this.setState({ status: 'retrying', retryAt: this.deps.now() + delay, lastError });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (generation === this.generation) void this.connect(generation);
    }, delay);
  }

  private halt(): void {
    this.generation += 1;
    this.clearTimers();
    const link = this.link;
    this.link = null;
    link?.close();
  }

  private clearTimers(): void {
    for (const timer of [this.retryTimer, this.pingTimer, this.stableTimer]) if (timer) clearTimeout(timer);
    this.retryTimer = this.pingTimer = this.stableTimer = null;
  }

  private setState(next: ConnectionState): void {
    const clean: ConnectionState = { status: next.status };
    if (next.retryAt !== undefined) clean.retryAt = next.retryAt;
    if (next.lastError !== undefined) clean.lastError = next.lastError;
    if (JSON.stringify(clean) === JSON.stringify(this.state)) return;
    this.state = clean;
    for (const listener of [...this.stateListeners]) listener(clean);
  }
}

function subscribe<T>(set: Set<T>, listener: T): () => void {
  set.add(listener);
  return () => set.delete(listener);
}

function shapeOf(error: unknown): ErrorShape {
  if (error instanceof MagpieError) return error.toShape();
  return { code: 'client.offline', message: 'Connection failed' };
}
