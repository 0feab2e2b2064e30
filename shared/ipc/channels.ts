/**
 * The names of the bridge's channels, with no schema library attached, so the preloads (which
 * only route by name) stay small. contract.ts keys its schemas by exactly these names; the
 * compiler checks that neither list has a name the other lacks.
 */
export const INVOKE_CHANNEL_NAMES = [
  'app.info',
  'session.get',
  'session.signIn',
  'session.signUp',
  'session.signOut',
  'connection.get',
  'connection.retryNow',
  'users.search',
  'conversations.list',
  'conversations.openDirect',
  'conversations.markRead',
  'messages.list',
  'messages.send',
  'outbox.retry',
  'outbox.discard',
  'search.local',
  'users.get',
  'account.updateProfile',
  'account.changePassword',
  'account.sessions',
  'account.revokeSession',
  'admin.settings.get',
  'admin.settings.update',
  'admin.invites.create',
  'admin.audit.list',
  'presence.get',
  'conversations.get',
  'conversations.updateSettings',
  'groups.create',
  'groups.update',
  'groups.addMembers',
  'groups.removeMember',
  'groups.setRole',
  'groups.transferOwnership',
  'groups.muteMember',
  'groups.leave',
  'groups.dissolve',
  'messages.edit',
  'messages.recall',
  'messages.hide',
  'messages.react',
  'messages.forward',
  'typing.set',
  'search.server',
  'transfers.list',
  'transfers.stage',
  'transfers.download',
  'transfers.cancel',
  'transfers.retry',
  'transfers.remove',
  'transfers.open',
  'transfers.showInFolder',
  'transfers.startDrag',
  'media.url',
  'settings.get',
  'settings.update',
  'app.setView',
  'app.openExternal',
] as const;

export const EVENT_CHANNEL_NAMES = [
  'connection.changed',
  'session.changed',
  'conversations.changed',
  'messages.changed',
  'transfers.changed',
  'typing.changed',
  'presence.changed',
  'users.changed',
  'settings.changed',
  'app.navigate',
] as const;

export type InvokeChannel = (typeof INVOKE_CHANNEL_NAMES)[number];
export type EventChannel = (typeof EVENT_CHANNEL_NAMES)[number];

/** The IPC channel names Electron carries; one prefix so nothing else can be mistaken for ours. */
export const ipcInvokeName = (channel: InvokeChannel) => `magpie:invoke:${channel}`;
export const ipcEventName = (event: EventChannel) => `magpie:event:${event}`;

export function isInvokeChannel(name: unknown): name is InvokeChannel {
  return typeof name === 'string' && (INVOKE_CHANNEL_NAMES as readonly string[]).includes(name);
}

export function isEventChannel(name: unknown): name is EventChannel {
  return typeof name === 'string' && (EVENT_CHANNEL_NAMES as readonly string[]).includes(name);
}
