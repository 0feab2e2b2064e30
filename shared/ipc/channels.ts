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
] as const;

export const EVENT_CHANNEL_NAMES = ['connection.changed', 'session.changed', 'conversations.changed', 'messages.changed'] as const;

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
