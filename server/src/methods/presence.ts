import type { MethodHandlers } from './context';
import { sessionOf } from './context';

/** Presence (design in server/README.md and gateway/presence.ts). */
export const presenceHandlers: Pick<MethodHandlers, 'presence.set' | 'presence.query'> = {
  async 'presence.set'(params, ctx) {
    sessionOf(ctx);
    ctx.hub.setAway(ctx.conn, params.presence === 'away');
    return {};
  },

  /** Only people who share a conversation with the caller (and the caller) are reported; others read offline. */
  async 'presence.query'(params, ctx) {
    const me = sessionOf(ctx).user;
    const others = params.userIds.filter((id) => id !== me.id);
    const visible = new Set(await ctx.store.messaging.sharingWith(me.id, others));
    if (params.userIds.includes(me.id)) visible.add(me.id);
    const known = await ctx.store.messaging.presenceOf([...visible], Date.now());
    // The caller is asking over a socket, so they are not offline, even before this node's row for them is written.
    if (known.get(me.id) === 'offline') {
      const { sockets, away } = ctx.hub.presenceCounts(me.id);
      known.set(me.id, sockets > 0 && away >= sockets ? 'away' : 'online');
    }
    return { presence: params.userIds.map((userId) => ({ userId, presence: known.get(userId) ?? 'offline' })) };
  },
};
