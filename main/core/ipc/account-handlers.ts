import { MagpieError } from '../../../shared/errors';
import type { HandlerDeps, HandlerModule } from './handlers';
import { signedIn } from './signed-in';

/** Uploads a staged file (transfers.stage) as an image for an avatar; resolves with its file id. */
export interface StagedUploads {
  uploadStaged(stagingId: string): Promise<string>;
}

export function requireUploads(deps: Pick<HandlerDeps, 'uploads'>): StagedUploads {
  if (!deps.uploads) throw new MagpieError('app.unsupported', 'Files cannot be uploaded here');
  return deps.uploads;
}

type AccountChannels =
  | 'users.search'
  | 'users.get'
  | 'account.updateProfile'
  | 'account.changePassword'
  | 'account.sessions'
  | 'account.revokeSession'
  | 'admin.settings.get'
  | 'admin.settings.update'
  | 'admin.invites.create'
  | 'admin.audit.list'
  | 'presence.get';

/** People, the account and the workspace's administration: all asked of the server. */
export function accountHandlers(deps: HandlerDeps): HandlerModule<AccountChannels> {
  const { session, connection } = deps;
  return {
    'users.search': async ({ query }) => {
      signedIn(session);
      return connection.request('users.search', { query, limit: 20 });
    },
    'users.get': async (request) => {
      signedIn(session);
      return connection.request('users.get', request);
    },

    'account.updateProfile': async ({ displayName, avatarStagingId }) => {
      signedIn(session);
      const avatar = avatarStagingId === undefined ? {} : { avatarFileId: avatarStagingId === null ? null : await requireUploads(deps).uploadStaged(avatarStagingId) };
      const { user } = await connection.request('profile.update', { ...(displayName !== undefined ? { displayName } : {}), ...avatar });
      await session.userChanged(user);
      // Our own name in every conversation's member list; the push that follows changes nothing.
      await deps.sync.applyUser(user).catch((error) => deps.log('could not apply the changed profile', error));
      deps.events.emit('users.changed', { user });
      return { user };
    },
    'account.changePassword': async (request) => {
      signedIn(session);
      return connection.request('auth.changePassword', request);
    },
    'account.sessions': async () => {
      signedIn(session);
      return connection.request('sessions.list', {});
    },
    'account.revokeSession': async ({ sessionId }) => {
      signedIn(session);
      return connection.request('sessions.revoke', { sessionId });
    },

    'admin.settings.get': async () => {
      signedIn(session);
      return connection.request('admin.settings.get', {});
    },
    'admin.settings.update': async (request) => {
      signedIn(session);
      return connection.request('admin.settings.update', request);
    },
    'admin.invites.create': async (request) => {
      signedIn(session);
      return connection.request('admin.invites.create', request);
    },
    'admin.audit.list': async (request) => {
      signedIn(session);
      return connection.request('admin.audit.list', request);
    },

    'presence.get': async ({ userIds }) => {
      signedIn(session);
      return { presence: await deps.presence.get(userIds) };
    },
  };
}
