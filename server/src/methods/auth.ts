import { MagpieError } from '../../../shared/errors';
import type { User } from '../../../shared/protocol';
import { hashInviteCode } from '../auth/invite-codes';
import { decoyPasswordHash, hashPassword, verifyPassword } from '../auth/passwords';
import { hashSessionToken, newSessionToken } from '../auth/session-tokens';
import type { ServerConfig } from '../config';
import type { MethodHandlers, RequestContext } from './context';
import { sessionOf } from './context';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Sessions last used before this instant have expired (MAGPIE_SESSION_IDLE_DAYS). */
export function idleSince(ctx: { config: Pick<ServerConfig, 'sessionIdleDays'> }): number {
  return Date.now() - ctx.config.sessionIdleDays * DAY_MS;
}

/**
 * Sign-in, sign-up and password changes are limited per IP and username, against password
 * guessing (a stolen session guessing its own password included).
 */
function limitAttempts(ctx: RequestContext, username: string): void {
  ctx.limiters.auth.take(`${ctx.conn.ip}\n${username}`, 'Too many sign-in attempts');
}

/** Creates a session for `user`, binds this socket to it, and returns the token (only time it leaves). */
async function startSession(ctx: RequestContext, user: User, deviceName: string) {
  const token = newSessionToken();
  const tokenHash = hashSessionToken(token);
  await ctx.store.openSession({ tokenHash, userId: user.id, deviceName });
  ctx.hub.bind(ctx.conn, { tokenHash, user });
  return { session: { token, user } };
}

/** Tells every socket of these sessions, on every node, that it is signed out. */
export function endSessions(ctx: RequestContext, tokenHashes: readonly string[]): void {
  for (const tokenHash of tokenHashes) ctx.pubsub.publish({ type: 'session.ended', tokenHash });
}

export const authHandlers: Pick<MethodHandlers, 'auth.signUp' | 'auth.signIn' | 'auth.resume' | 'auth.signOut' | 'auth.changePassword'> = {
  async 'auth.signUp'(params, ctx) {
    // Cheap early answer before the (deliberately slow) hash; the store checks again atomically.
    if ((await ctx.store.getWorkspaceSettings()).signup === 'closed') {
      throw new MagpieError('auth.signup_closed', 'This workspace does not accept new accounts');
    }
    limitAttempts(ctx, params.username);
    const passwordHash = await hashPassword(params.password);
    const user = await ctx.store.registerUser({
      username: params.username,
      displayName: params.displayName,
      passwordHash,
      ...(params.inviteCode === undefined ? {} : { inviteCodeHash: hashInviteCode(params.inviteCode) }),
    });
    ctx.log.info({ userId: user.id, isAdmin: user.isAdmin }, 'account created');
    return startSession(ctx, user, params.deviceName);
  },

  async 'auth.signIn'(params, ctx) {
    const username = params.username.trim().toLowerCase();
    limitAttempts(ctx, username);
    const credentials = await ctx.store.findCredentials(username);
    // Verify against a decoy when the user is unknown: same time, same answer, no user probing.
    const ok = await verifyPassword(params.password, credentials?.passwordHash ?? (await decoyPasswordHash()));
    if (!credentials || !ok) throw new MagpieError('auth.invalid_credentials', 'Wrong username or password');
    return startSession(ctx, credentials.user, params.deviceName);
  },

  async 'auth.resume'(params, ctx) {
    const tokenHash = hashSessionToken(params.token);
    const found = await ctx.store.resumeSession(tokenHash, idleSince(ctx));
    if (!found) throw new MagpieError('auth.session_invalid', 'This session has ended; sign in again');
    ctx.hub.bind(ctx.conn, { tokenHash, user: found.user });
    return { user: found.user };
  },

  async 'auth.signOut'(_params, ctx) {
    const { tokenHash } = sessionOf(ctx);
    await ctx.store.deleteSession(tokenHash);
    // This socket asked, so it gets the reply, not the event; the session's other sockets, on
    // whichever node, are unbound and told.
    ctx.hub.unbind(ctx.conn);
    endSessions(ctx, [tokenHash]);
    return {};
  },

  async 'auth.changePassword'(params, ctx) {
    const { tokenHash, user } = sessionOf(ctx);
    limitAttempts(ctx, user.username);
    const credentials = await ctx.store.findCredentials(user.username);
    if (!credentials || !(await verifyPassword(params.currentPassword, credentials.passwordHash))) {
      throw new MagpieError('auth.wrong_password', 'The current password is not right');
    }
    const ended = await ctx.store.setPasswordHash(user.id, await hashPassword(params.newPassword), tokenHash);
    // Whoever else held a session (a lost laptop, a thief) is out now; this socket's session stays.
    endSessions(ctx, ended);
    await ctx.audit({ actorId: user.id, action: 'password.change', targetId: user.id, detail: `other sessions ended: ${ended.length}` });
    ctx.log.info({ userId: user.id, endedSessions: ended.length }, 'password changed');
    return {};
  },
};
