import type { CacheApi } from '../../../shared/cache';
import { MagpieError } from '../../../shared/errors';
import type { SessionState } from '../../../shared/ipc';
import type { MethodParams, User } from '../../../shared/protocol';
import type { Connection } from '../connection/connection';
import type { ServerLink } from '../connection/server-link';
import { toSocketUrl } from '../connection/socket-url';
import type { CoreEvents } from '../events';
import type { SecretStore, StoredSession } from '../host';
import type { Outbox } from '../outbox/outbox';
import type { SyncEngine } from '../sync/sync-engine';

const CACHE_RETRY_MS = 1_000;

export interface SessionManagerDeps {
  defaultServerUrl: string;
  connection: Connection;
  cache: CacheApi;
  secrets: SecretStore;
  events: CoreEvents;
  sync: SyncEngine;
  outbox: Outbox;
  log: (message: string, detail?: unknown) => void;
}

/**
 * Who is signed in, where. Signing in opens a link, authenticates on it and then hands it to the
 * Connection, which re-binds every later socket with `auth.resume` and the stored token.
 */
export class SessionManager {
  private stored: StoredSession | null = null;
  private serverUrl: string;
  /** Bumped on every sign-in, sign-out, restore and stop, so a slow activation can tell it is stale. */
  private generation = 0;
  /** What else "remove local data" deletes (files on disk); run before the cache goes, so they can still read it. */
  private readonly localData: Array<(accountId: string) => Promise<void>> = [];

  constructor(private readonly deps: SessionManagerDeps) {
    this.serverUrl = deps.defaultServerUrl;
    deps.connection.onFatal((error) => {
      if (error.code === 'auth.session_invalid') void this.endLocally();
    });
  }

  get state(): SessionState {
    return this.stored
      ? { state: 'signed-in', serverUrl: this.stored.serverUrl, user: this.stored.session.user }
      : { state: 'signed-out', serverUrl: this.serverUrl };
  }

  get user(): User | null {
    return this.stored?.session.user ?? null;
  }

  /** For HTTP to the same server (file transfers, media): the account, the address and the token. */
  get credentials(): { accountId: string; serverUrl: string; token: string } | null {
    const stored = this.stored;
    return stored ? { accountId: stored.session.user.id, serverUrl: stored.serverUrl, token: stored.session.token } : null;
  }

  /** Registers a part of the account's local data that a sign-out with `wipeCache` removes. */
  onWipe(wipe: (accountId: string) => Promise<void>): void {
    this.localData.push(wipe);
  }

  /** App start: pick up the stored session, if any, and connect. */
  async restore(): Promise<void> {
    const generation = ++this.generation;
    const stored = await this.deps.secrets.load();
    if (generation !== this.generation) return;
    if (!stored) {
      this.deps.events.emit('session.changed', this.state);
      return;
    }
    // The session is known now; the cache and the connection follow when they can.
    void this.activate(stored, { waitForCache: true }).catch((error) => this.deps.log('restoring the session failed', error));
  }

  /** App quitting: drop the connection but keep the session for the next start. */
  stop(): void {
    this.generation += 1;
    this.deps.connection.stop('offline');
  }

  signIn(request: { serverUrl?: string | undefined; username: string; password: string }): Promise<SessionState> {
    return this.authenticate(request.serverUrl, 'auth.signIn', { username: request.username, password: request.password });
  }

  signUp(request: { serverUrl?: string | undefined; username: string; password: string; displayName: string }): Promise<SessionState> {
    const { username, password, displayName } = request;
    return this.authenticate(request.serverUrl, 'auth.signUp', { username, password, displayName });
  }

  /** Tells the server when it can (offline is fine), then forgets the session locally. */
  async signOut(options: { wipeCache: boolean }): Promise<SessionState> {
    const stored = this.stored;
    if (stored && this.deps.connection.isOnline) {
      try {
        await this.deps.connection.request('auth.signOut', {});
      } catch (error) {
        this.deps.log('server sign-out failed; signing out locally', error);
      }
    }
    await this.endLocally();
    if (stored && options.wipeCache) await this.wipe(stored.session.user.id);
    return this.state;
  }

  /**
   * Everything this computer holds of the account. Each part is tried even when another fails;
   * the first failure is reported once all have run, so the user knows to try again.
   */
  private async wipe(accountId: string): Promise<void> {
    const results = await Promise.allSettled(this.localData.map((wipe) => wipe(accountId)));
    const cache = await Promise.allSettled([this.deps.cache['cache.wipe']({ accountId })]);
    const failure = [...results, ...cache].find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) throw failure.reason;
  }

  /** The server ended the session (`session.ended`, or the token no longer resumes). */
  async endLocally(): Promise<void> {
    const { connection, secrets, sync, outbox, events } = this.deps;
    const wasSignedIn = this.stored !== null;
    this.generation += 1;
    this.stored = null;
    connection.stop('signed-out');
    sync.reset();
    outbox.reset();
    await secrets.clear();
    if (wasSignedIn) events.emit('session.changed', this.state);
  }

  private async authenticate<M extends 'auth.signIn' | 'auth.signUp'>(
    serverUrl: string | undefined,
    method: M,
    params: MethodParams<M>,
  ): Promise<SessionState> {
    if (this.stored) await this.signOut({ wipeCache: false });
    const url = serverUrl ?? this.serverUrl;
    const link = await this.deps.connection.openLink(toSocketUrl(url));
    try {
      const { session } = await link.request(method, params);
      const stored: StoredSession = { serverUrl: url, session };
      await this.deps.secrets.save(stored);
      await this.activate(stored, { authenticatedLink: link, waitForCache: false });
    } catch (error) {
      link.close();
      if (this.stored) await this.endLocally();
      throw error;
    }
    return this.state;
  }

  /**
   * Signed in from here on; the connection starts once the account's cache is open. At app start
   * the cache host may not exist yet (the browser shell's page opens when a tab does), so
   * restoring waits for it as long as it takes, while a sign-in reports the failure.
   */
  private async activate(stored: StoredSession, options: { authenticatedLink?: ServerLink; waitForCache: boolean }): Promise<void> {
    const { cache, sync, outbox, connection, events, log } = this.deps;
    const generation = ++this.generation;
    this.stored = stored;
    this.serverUrl = stored.serverUrl;
    events.emit('session.changed', this.state);
    sync.reset();
    for (;;) {
      try {
        // Started together so a send arriving now already waits for this load.
        const opening = cache['cache.open']({ accountId: stored.session.user.id });
        await outbox.load(stored.session.user.id, opening);
        const { rebuilt, reason } = await opening;
        // A damaged cache was rebuilt (cache/integrity.ts) without its feed cursor: the catch-up
        // on connect bootstraps from the server; the lists redraw from what was kept meanwhile.
        if (rebuilt) {
          log('the cache was damaged and has been rebuilt; syncing again from the server', reason);
          events.emit('conversations.changed', {});
        }
        break;
      } catch (error) {
        if (!options.waitForCache || generation !== this.generation) throw error;
        log('the cache is not available yet; trying again', error);
        await new Promise((resolve) => setTimeout(resolve, CACHE_RETRY_MS));
        if (generation !== this.generation) return;
      }
    }
    if (generation !== this.generation) {
      options.authenticatedLink?.close();
      return;
    }
    connection.start(toSocketUrl(stored.serverUrl), this.resume, options.authenticatedLink);
  }

  /** A `user.updated` push or a profile change of ours: keeps the signed-in user current. */
  async userChanged(user: User): Promise<void> {
    const stored = this.stored;
    if (!stored || stored.session.user.id !== user.id || JSON.stringify(user) === JSON.stringify(stored.session.user)) return;
    this.stored = { ...stored, session: { ...stored.session, user } };
    this.deps.events.emit('session.changed', this.state);
    await this.deps.secrets.save(this.stored).catch((error) => this.deps.log('could not save the updated user', error));
  }

  private readonly resume = async (link: ServerLink): Promise<void> => {
    const stored = this.stored;
    if (!stored) throw new MagpieError('auth.required', 'Not signed in');
    const { user } = await link.request('auth.resume', { token: stored.session.token });
    if (JSON.stringify(user) !== JSON.stringify(stored.session.user)) {
      // A changed display name: keep the stored copy current, but a failed save is no reason to drop the link.
      this.stored = { ...stored, session: { ...stored.session, user } };
      this.deps.secrets.save(this.stored).catch((error) => this.deps.log('could not save the updated user', error));
      this.deps.events.emit('session.changed', this.state);
    }
  };
}
