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
  }

  unbind(conn: Connection): void {
    const userId = conn.userId;
    conn.session = null;
    if (userId === undefined) return;
    const sockets = this.byUser.get(userId);
    sockets?.delete(conn);
    if (sockets?.size === 0) this.byUser.delete(userId);
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
