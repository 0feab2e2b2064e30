import type { FastifyBaseLogger } from 'fastify';
import { MagpieError } from '../../../shared/errors';
import type { Conversation, MethodName, MethodResult, ParsedParams } from '../../../shared/protocol';
import type { ServerConfig } from '../config';
import type { FileAccess } from '../files/access';
import type { Connection, SessionBinding } from '../gateway/connection';
import type { ConnectionHub } from '../gateway/hub';
import type { PubSub } from '../gateway/pubsub';
import type { RateLimiter } from '../gateway/rate-limit';
import type { NewAuditEntry } from '../store/accounts-store';
import type { Change } from '../store/changes';
import type { Store } from '../store/store';

/** What every method handler may use: long-lived services shared by all sockets. */
export interface ServerServices {
  config: ServerConfig;
  store: Store;
  /** This node's sockets. */
  hub: ConnectionHub;
  /** Live events to every node's sockets (this node's included): publish here, never push to `hub` directly. */
  pubsub: PubSub;
  limiters: { auth: RateLimiter; send: RateLimiter; typing: RateLimiter };
  /** Who may read which uploaded file (server/src/files). */
  files: FileAccess;
  log: FastifyBaseLogger;
  /**
   * Records an admin operation in the workspace audit log (admin.audit.list): settings, invites,
   * session revocations, password changes, group moderation. `detail` never holds a secret.
   */
  audit(entry: NewAuditEntry): Promise<void>;
}

/** One request: the services plus the socket it arrived on. */
export interface RequestContext extends ServerServices {
  conn: Connection;
}

export type MethodHandler<M extends MethodName> = (params: ParsedParams<M>, ctx: RequestContext) => Promise<MethodResult<M>>;

/** One handler per protocol method; the mapped type makes a missing handler a compile error. */
export type MethodHandlers = { [M in MethodName]: MethodHandler<M> };

/** The caller's session. The gateway checks it before authenticated handlers run. */
export function sessionOf(ctx: RequestContext): SessionBinding {
  if (!ctx.conn.session) throw new MagpieError('auth.required', 'Sign in first');
  return ctx.conn.session;
}

/**
 * The conversation as the caller sees it, if they are or were a member (any state):
 * `conversation.not_found` for an unknown id, `conversation.forbidden` for a non-member.
 */
export async function conversationForMember(ctx: RequestContext, conversationId: string): Promise<Conversation> {
  return ctx.store.messaging.conversationFor(sessionOf(ctx).user.id, conversationId);
}

/** Publishes what a committed write changed (see store/changes.ts). */
export function publishChanges(ctx: ServerServices, changes: readonly Change[]): void {
  for (const change of changes) ctx.pubsub.publish(change);
}
