import type { FastifyBaseLogger } from 'fastify';
import { MagpieError } from '../../../shared/errors';
import type { Conversation, MethodName, MethodResult, ParsedParams } from '../../../shared/protocol';
import type { ServerConfig } from '../config';
import type { Connection, SessionBinding } from '../gateway/connection';
import type { ConnectionHub } from '../gateway/hub';
import type { PubSub } from '../gateway/pubsub';
import type { RateLimiter } from '../gateway/rate-limit';
import type { Store } from '../store/store';

/** What every method handler may use: long-lived services shared by all sockets. */
export interface ServerServices {
  config: ServerConfig;
  store: Store;
  /** This node's sockets. */
  hub: ConnectionHub;
  /** Live events to every node's sockets (this node's included): publish here, never push to `hub` directly. */
  pubsub: PubSub;
  limiters: { auth: RateLimiter; send: RateLimiter };
  log: FastifyBaseLogger;
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

/** The conversation, if the caller may see it; every read and write of content goes through here. */
export async function conversationForMember(ctx: RequestContext, conversationId: string): Promise<Conversation> {
  const found = await ctx.store.getConversationFor(conversationId, sessionOf(ctx).user.id);
  if (!found) throw new MagpieError('conversation.not_found', 'No such conversation');
  if (!found.isMember) throw new MagpieError('conversation.forbidden', 'You are not a member of this conversation');
  return found.conversation;
}
