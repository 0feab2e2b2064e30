import { MagpieError } from '../../../shared/errors';
import type { MethodHandlers, RequestContext } from './context';
import { publishChanges, sessionOf } from './context';
import type { Written } from '../store/changes';

type GroupMethods =
  | 'groups.create' | 'groups.update' | 'groups.addMembers' | 'groups.removeMember' | 'groups.setRole'
  | 'groups.transferOwnership' | 'groups.muteMember' | 'groups.leave' | 'groups.dissolve';

/** Publishes a committed group change and records it in the audit log when it is moderation. */
async function done<T>(ctx: RequestContext, written: Written<T>, audit?: { action: string; targetId: string | null; detail: string }): Promise<T> {
  publishChanges(ctx, written.changes);
  if (audit && written.changes.length > 0) await ctx.audit({ actorId: sessionOf(ctx).user.id, ...audit });
  return written.result;
}

/** Every rule (who may do what to whom) is checked in the store, inside the change's transaction. */
export const groupHandlers: Pick<MethodHandlers, GroupMethods> = {
  async 'groups.create'(params, ctx) {
    const me = sessionOf(ctx).user;
    return done(ctx, await ctx.store.messaging.createGroup(me.id, params.title, params.memberIds, params.historyVisible, Date.now()));
  },

  async 'groups.update'(params, ctx) {
    const me = sessionOf(ctx).user;
    const { conversationId, ...changes } = params;
    if (changes.avatarFileId) {
      // A group avatar is an image the caller may read (they uploaded it, or it is in a chat of theirs).
      const file = await ctx.files.readableBy(changes.avatarFileId, me.id);
      if (!file) throw new MagpieError('file.not_found', 'No such file');
      if (!file.contentType.startsWith('image/')) throw new MagpieError('message.invalid_attachment', 'A group avatar must be an image');
    }
    return done(ctx, await ctx.store.messaging.updateGroup(me.id, conversationId, changes, Date.now()));
  },

  async 'groups.addMembers'(params, ctx) {
    return done(ctx, await ctx.store.messaging.addMembers(sessionOf(ctx).user.id, params.conversationId, params.userIds, Date.now()));
  },

  async 'groups.removeMember'(params, ctx) {
    const written = await ctx.store.messaging.removeMember(sessionOf(ctx).user.id, params.conversationId, params.userId, Date.now());
    return done(ctx, written, { action: 'group.remove_member', targetId: params.userId, detail: `group ${params.conversationId}` });
  },

  async 'groups.setRole'(params, ctx) {
    const written = await ctx.store.messaging.setRole(sessionOf(ctx).user.id, params.conversationId, params.userId, params.role, Date.now());
    return done(ctx, written, { action: 'group.set_role', targetId: params.userId, detail: `group ${params.conversationId}: ${params.role}` });
  },

  async 'groups.transferOwnership'(params, ctx) {
    const written = await ctx.store.messaging.transferOwnership(sessionOf(ctx).user.id, params.conversationId, params.userId, Date.now());
    return done(ctx, written, { action: 'group.transfer_ownership', targetId: params.userId, detail: `group ${params.conversationId}` });
  },

  async 'groups.muteMember'(params, ctx) {
    const written = await ctx.store.messaging.muteMember(sessionOf(ctx).user.id, params.conversationId, params.userId, params.muted, Date.now());
    return done(ctx, written, { action: params.muted ? 'group.mute_member' : 'group.unmute_member', targetId: params.userId, detail: `group ${params.conversationId}` });
  },

  async 'groups.leave'(params, ctx) {
    return done(ctx, await ctx.store.messaging.leave(sessionOf(ctx).user.id, params.conversationId, Date.now()));
  },

  async 'groups.dissolve'(params, ctx) {
    const written = await ctx.store.messaging.dissolve(sessionOf(ctx).user.id, params.conversationId, Date.now());
    return done(ctx, written, { action: 'group.dissolve', targetId: params.conversationId, detail: `group ${params.conversationId}` });
  },
};
