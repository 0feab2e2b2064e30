import type { ServerEvent } from '../../../shared/protocol';
import { eventText, type Connection, type SessionBinding } from './connection';

/**
 * Every open socket of this server process, indexed by user so live pushes reach each device of
 * each member. It knows only this node's sockets: live events reach it through `PubSub`, which
 * hands every node each event (see pubsub.ts).
 */
export class ConnectionHub {
  private readonly all = new Set<Connection>();
  private readonly byUser = new Map<string, Set<Connection>>();
  /** Told whenever a user's signed-in sockets on this node change in number or away-ness (presence). */
  onUserSocketsChanged: ((userId: string) => void) | null = null;

  add(conn: Connection): void {
    this.all.add(conn);
  }

  remove(conn: Connection): void {
    this.unbind(conn);
    this.all.delete(conn);
  }

  /** Signs the socket in as `session`, replacing any session it had. */
  bind(conn: Connection, session: SessionBinding): void {
    this.unbind(conn);
    conn.session = session;
    let sockets = this.byUser.get(session.user.id);
    if (!sockets) this.byUser.set(session.user.id, (sockets = new Set()));
    sockets.add(conn);
    this.onUserSocketsChanged?.(session.user.id);
  }

  unbind(conn: Connection): void {
    const userId = conn.userId;
    conn.session = null;
    if (userId === undefined) return;
    const sockets = this.byUser.get(userId);
    sockets?.delete(conn);
    if (sockets?.size === 0) this.byUser.delete(userId);
    conn.away = false;
    this.onUserSocketsChanged?.(userId);
  }

  /** `presence.set` on one socket: the user is away only while every socket of theirs says so. */
  setAway(conn: Connection, away: boolean): void {
    if (conn.away === away || conn.userId === undefined) return;
    conn.away = away;
    this.onUserSocketsChanged?.(conn.userId);
  }

  /** This node's signed-in sockets of a user, and how many of them are away. */
  presenceCounts(userId: string): { sockets: number; away: number } {
    const sockets = [...(this.byUser.get(userId) ?? [])];
    return { sockets: sockets.length, away: sockets.filter((c) => c.away).length };
  }

  /** Whether `userId` has a signed-in socket on this node. */
  hasUser(userId: string): boolean {
    return this.byUser.has(userId);
  }

  connectionsOfSession(tokenHash: string): Connection[] {
    return [...this.all].filter((conn) => conn.session?.tokenHash === tokenHash);
  }

  /** Sends `event` to every open socket of every listed user (serialized and UTF-8 encoded once). */
  pushToUsers(userIds: Iterable<string>, event: ServerEvent): void {
    const text = Buffer.from(eventText(event));
    for (const userId of new Set(userIds)) {
      for (const conn of this.byUser.get(userId) ?? []) conn.sendText(text);
    }
  }

  get connections(): ReadonlySet<Connection> {
    return this.all;
  }
}
