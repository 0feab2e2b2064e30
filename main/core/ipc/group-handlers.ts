import { requireUploads } from './account-handlers';
import type { HandlerDeps, HandlerModule } from './handlers';
import { signedIn } from './signed-in';

type GroupChannels =
  | 'groups.create'
  | 'groups.update'
  | 'groups.addMembers'
  | 'groups.removeMember'
  | 'groups.setRole'
  | 'groups.transferOwnership'
  | 'groups.muteMember'
  | 'groups.leave'
  | 'groups.dissolve';

/**
 * Groups: each operation needs the server (`client.offline` without it) and puts the group as
 * the server answered into the cache at once, so the UI does not wait for the push.
 */
export function groupHandlers(deps: HandlerDeps): HandlerModule<GroupChannels> {
  const { session, connection, sync } = deps;

  const stored = async <R extends { conversation: Parameters<typeof sync.putConversation>[0] }>(reply: R) => {
    await sync.putConversation(reply.conversation);
    return { conversation: reply.conversation };
  };

  /** After leaving or dissolving, the group as the caller now sees it (state `left`/`dissolved`). */
  const refresh = async (conversationId: string) => {
    try {
      const { conversation } = await connection.request('conversations.get', { conversationId });
      await sync.putConversation(conversation);
    } catch (error) {
      // The push or the next catch-up brings it; the operation itself succeeded.
      deps.log('could not refresh a group after leaving it', error);
    }
  };

  return {
    'groups.create': async (request) => {
      signedIn(session);
      return stored(await connection.request('groups.create', request));
    },
    'groups.update': async ({ avatarStagingId, ...request }) => {
      signedIn(session);
      const avatar = avatarStagingId === undefined ? {} : { avatarFileId: avatarStagingId === null ? null : await requireUploads(deps).uploadStaged(avatarStagingId) };
      return stored(await connection.request('groups.update', { ...request, ...avatar }));
    },
    'groups.addMembers': async (request) => {
      signedIn(session);
      return stored(await connection.request('groups.addMembers', request));
    },
    'groups.removeMember': async (request) => {
      signedIn(session);
      return stored(await connection.request('groups.removeMember', request));
    },
    'groups.setRole': async (request) => {
      signedIn(session);
      return stored(await connection.request('groups.setRole', request));
    },
    'groups.transferOwnership': async (request) => {
      signedIn(session);
      return stored(await connection.request('groups.transferOwnership', request));
    },
    'groups.muteMember': async (request) => {
      signedIn(session);
      return stored(await connection.request('groups.muteMember', request));
    },
    'groups.leave': async ({ conversationId }) => {
      signedIn(session);
      await connection.request('groups.leave', { conversationId });
      await refresh(conversationId);
      return {};
    },
    'groups.dissolve': async ({ conversationId }) => {
      signedIn(session);
      await connection.request('groups.dissolve', { conversationId });
      await refresh(conversationId);
      return {};
    },
  };
}
