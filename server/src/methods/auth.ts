import { MagpieError } from '../../../shared/errors';
import type { User } from '../../../shared/protocol';
import { decoyPasswordHash, hashPassword, verifyPassword } from '../auth/passwords';
import { hashSessionToken, newSessionToken } from '../auth/session-tokens';
import type { MethodHandlers, RequestContext } from './context';
import { sessionOf } from './context';

/** Sign-in and sign-up attempts are limited per IP and username, against password guessing. */
function limitAttempts(ctx: RequestContext, username: string): void {
  ctx.limiters.auth.take(`${ctx.conn.ip}\n${username}`, 'Too many sign-in attempts');
}

/** Creates a session for `user`, binds this socket to it, and returns the token (only time it leaves). */
async function startSession(ctx: RequestContext, user: User) {
  const token = newSessionToken();
  const tokenHash = hashSessionToken(token);
  await ctx.store.createSession(tokenHash, user.id);
  ctx.hub.bind(ctx.conn, { tokenHash, user });
  return { session: { token, user } };
}

export const authHandlers: Pick<MethodHandlers, 'auth.signUp' | 'auth.signIn' | 'auth.resume' | 'auth.signOut'> = {
  async 'auth.signUp'(params, ctx) {
    if (ctx.config.signup === 'closed') {
      throw new MagpieError('auth.signup_closed', 'This workspace does not accept new accounts');
    }
    limitAttempts(ctx, params.username);
    const passwordHash = await hashPassword(params.password);
    const user = await ctx.store.createUser({ username: params.username, displayName: params.displayName, passwordHash });
    ctx.log.info({ userId: user.id }, 'account created');
    return startSession(ctx, user);
  },

  async 'auth.signIn'(params, ctx) {
    const username = params.username.trim().toLowerCase();
    limitAttempts(ctx, username);
    const credentials = await ctx.store.findCredentials(username);
    // Verify against a decoy when the user is unknown: same time, same answer, no user probing.
    const ok = await verifyPassword(params.password, credentials?.passwordHash ?? (await decoyPasswordHash()));
    if (!credentials || !ok) throw new MagpieError('auth.invalid_credentials', 'Wrong username or password');
    return startSession(ctx, credentials.user);
  },

  async 'auth.resume'(params, ctx) {
    const tokenHash = hashSessionToken(params.token);
    const user = await ctx.store.findSessionUser(tokenHash);
    if (!user) throw new MagpieError('auth.session_invalid', 'This session has ended; sign in again');
    ctx.hub.bind(ctx.conn, { tokenHash, user });
    return { user };
  },

  async 'auth.signOut'(_params, ctx) {
    const { tokenHash } = sessionOf(ctx);
    await ctx.store.deleteSession(tokenHash);
    // This socket asked, so it gets the reply, not the event; the session's other sockets, on
    // whichever node, are unbound and told.
    ctx.hub.unbind(ctx.conn);
    ctx.pubsub.publish({ type: 'session.ended', tokenHash });
    return {};
  },
};
