import { MagpieError } from '../../../shared/errors';
import { endSessions, idleSince } from './auth';
import type { MethodHandlers } from './context';
import { sessionOf } from './context';

/** The caller's own devices: list them, and end one that is lost or no longer used. */
export const sessionHandlers: Pick<MethodHandlers, 'sessions.list' | 'sessions.revoke'> = {
  async 'sessions.list'(_params, ctx) {
    const { tokenHash, user } = sessionOf(ctx);
    const sessions = await ctx.store.listSessions(user.id, idleSince(ctx));
    return {
      sessions: sessions.map((s) => ({
        id: s.id, deviceName: s.deviceName, createdAt: s.createdAt, lastSeenAt: s.lastSeenAt, current: s.tokenHash === tokenHash,
      })),
    };
  },

  async 'sessions.revoke'(params, ctx) {
    const { tokenHash, user } = sessionOf(ctx);
    // Someone else's session id answers exactly like an unknown one.
    const target = await ctx.store.findUserSession(user.id, params.sessionId);
    if (!target) throw new MagpieError('session.not_found', 'No such session');
    if (target.tokenHash === tokenHash) {
      throw new MagpieError('validation.invalid', 'This is the session you are using: sign out instead');
    }
    await ctx.store.deleteSession(target.tokenHash);
    endSessions(ctx, [target.tokenHash]);
    await ctx.audit({ actorId: user.id, action: 'session.revoke', targetId: target.id, detail: `device: ${target.deviceName || '(unnamed)'}` });
    return {};
  },
};
