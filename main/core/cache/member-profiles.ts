import type { Conversation, User } from '../../../shared/protocol';
import type { MagpieCacheDatabase } from './database';

/**
 * A profile lives in every conversation record as a member entry (names and avatars in lists,
 * headers and message senders come from there), and the server does not re-send those records
 * when someone renames themselves: only `user.updated`. So the change is copied into each cached
 * conversation that has the user, in one transaction; role and mute are per conversation and
 * stay. A later copy of the conversation from the server carries the new profile anyway.
 * Scans the table: an account has hundreds of conversations, not millions.
 */
export async function applyUserProfile(db: MagpieCacheDatabase, user: User): Promise<string[]> {
  return db.transaction('rw', db.conversations, async () => {
    const changed: Conversation[] = [];
    await db.conversations.each((conversation) => {
      let touched = false;
      const members = conversation.members.map((member) => {
        if (member.id !== user.id || sameProfile(member, user)) return member;
        touched = true;
        return { ...member, username: user.username, displayName: user.displayName, avatarFileId: user.avatarFileId, isAdmin: user.isAdmin };
      });
      if (touched) changed.push({ ...conversation, members });
    });
    if (changed.length > 0) await db.conversations.bulkPut(changed);
    return changed.map((conversation) => conversation.id);
  });
}

function sameProfile(member: User, user: User): boolean {
  return (
    member.username === user.username &&
    member.displayName === user.displayName &&
    member.avatarFileId === user.avatarFileId &&
    member.isAdmin === user.isAdmin
  );
}
