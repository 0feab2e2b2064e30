import { MagpieError } from '../../../shared/errors';
import type { User } from '../../../shared/protocol';
import type { MethodHandlers, RequestContext } from './context';
import { sessionOf } from './context';

/**
 * Formats every client can show as a small round picture. Not SVG: it can carry script, and an
 * avatar is shown everywhere, to everyone.
 */
const AVATAR_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif']);

/** One NOTIFY payload holds about this many recipients with room to spare (see pubsub.ts). */
const RECIPIENTS_PER_EVENT = 100;

async function checkAvatar(ctx: RequestContext, fileId: string, userId: string): Promise<void> {
  // Only a file of one's own: a picture someone else sent must not become one's face by its id.
  const file = await ctx.files.uploadedBy(fileId, userId);
  if (!file) throw new MagpieError('file.not_found', 'No such file among your uploads');
  if (!AVATAR_TYPES.has(file.contentType)) {
    throw new MagpieError('file.type_not_allowed', 'An avatar must be a PNG, JPEG, WebP or GIF image', { contentType: file.contentType });
  }
}

/** Everyone who can see the user (shares a conversation), the user's own devices included. */
async function publishUserUpdated(ctx: RequestContext, user: User): Promise<void> {
  const userIds = await ctx.store.contactsOf(user.id);
  for (let i = 0; i < userIds.length; i += RECIPIENTS_PER_EVENT) {
    ctx.pubsub.publish({ type: 'user.updated', userIds: userIds.slice(i, i + RECIPIENTS_PER_EVENT), user });
  }
}

export const profileHandlers: Pick<MethodHandlers, 'profile.update'> = {
  async 'profile.update'(params, ctx) {
    const me = sessionOf(ctx).user;
    if (params.avatarFileId) await checkAvatar(ctx, params.avatarFileId, me.id);
    const patch = {
      ...(params.displayName === undefined ? {} : { displayName: params.displayName }),
      ...(params.avatarFileId === undefined ? {} : { avatarFileId: params.avatarFileId }),
    };
    const user = await ctx.store.updateProfile(me.id, patch);
    if (!user) throw new MagpieError('user.not_found', 'Your account no longer exists');
    if (Object.keys(patch).length > 0) await publishUserUpdated(ctx, user);
    return { user };
  },
};
