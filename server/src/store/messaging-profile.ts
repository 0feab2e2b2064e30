import type { User } from '../../../shared/protocol';
import { AQ, foldDisplayName, toAccountUser, type AccountUserRow } from './accounts-queries';
import type { ProfilePatch } from './accounts-store';
import { commitFeed } from './messaging-access';
import { all, allLocked, get, inList, run, type FeedInsert, type Op } from './sql-ops';

/**
 * A profile change (name, avatar) and its feed rows, in one transaction. Every conversation where
 * the user is an active member shows them in its member list, so each gets an untargeted
 * `conversation` row: a device that was offline gets those conversations back on catch-up, with
 * the new name and picture (live sockets get `user.updated` at once). Members who left see no
 * member list, so they are not told. The conversations are locked in id order (as `forward` does)
 * before the feed step, whose `rev` stamps write them.
 */
export function* updateProfile(userId: string, patch: ProfilePatch): Op<User | null> {
  if (patch.displayName !== undefined) yield* run(AQ.setDisplayName, [patch.displayName, foldDisplayName(patch.displayName), userId]);
  if (patch.avatarFileId !== undefined) yield* run(AQ.setAvatar, [patch.avatarFileId, userId]);
  const row = yield* get<AccountUserRow>(AQ.userById, [userId]);
  if (!row) return null;
  if (patch.displayName === undefined && patch.avatarFileId === undefined) return toAccountUser(row);
  const ids = (yield* all<{ conversation_id: string }>(
    "SELECT conversation_id FROM members WHERE user_id = ? AND state = 'active' ORDER BY conversation_id", [userId],
  )).map((r) => r.conversation_id);
  for (let i = 0; i < ids.length; i += 200) {
    const chunk = ids.slice(i, i + 200);
    // ORDER BY with a row lock locks in that order (PostgreSQL locks rows as the sort returns them).
    yield* allLocked(`SELECT id FROM conversations WHERE id IN ${inList(chunk.length)} ORDER BY id`, chunk);
  }
  yield* commitFeed(ids.map((conversationId): FeedInsert => ({ conversationId, target: null, kind: 'conversation', messageId: null, seq: null })));
  return toAccountUser(row);
}
