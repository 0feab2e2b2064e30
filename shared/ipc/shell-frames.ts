import { z } from 'zod';
import { EVENT_CHANNEL_NAMES, INVOKE_CHANNEL_NAMES, InvokeEnvelopeSchema } from './contract';
import { IdSchema } from '../protocol/entities';

/**
 * How the browser shell carries the IPC contract over its local WebSocket: the same channels and
 * payloads as Electron IPC, wrapped with a request id. Nothing else travels on that socket.
 */
export const ShellInvokeFrameSchema = z.object({
  type: z.literal('invoke'),
  id: z.number().int().nonnegative(),
  channel: z.enum(INVOKE_CHANNEL_NAMES),
  request: z.unknown(),
});
export type ShellInvokeFrame = z.infer<typeof ShellInvokeFrameSchema>;

export const ShellReplyFrameSchema = z.object({
  type: z.literal('reply'),
  id: z.number().int().nonnegative(),
  envelope: InvokeEnvelopeSchema,
});
export type ShellReplyFrame = z.infer<typeof ShellReplyFrameSchema>;

export const ShellEventFrameSchema = z.object({
  type: z.literal('event'),
  event: z.enum(EVENT_CHANNEL_NAMES),
  payload: z.unknown(),
});
export type ShellEventFrame = z.infer<typeof ShellEventFrameSchema>;

/**
 * A notification as main asks the OS to show it. In the browser shell the page shows it (web
 * Notification), so it travels on these shell-only frames, never as a renderer contract channel.
 * One `tag` is one notification: showing a tag again replaces it.
 */
export const DesktopNotificationSchema = z.object({
  tag: z.string().min(1).max(100),
  title: z.string().max(300),
  body: z.string().max(1000),
  silent: z.boolean(),
  /** Where a click leads; null only brings Magpie forward (a summary of several conversations). */
  target: z.object({ conversationId: IdSchema, seq: z.number().int().positive().optional() }).nullable(),
});
export type DesktopNotification = z.infer<typeof DesktopNotificationSchema>;

export const ShellNotificationFrameSchema = z.object({ type: z.literal('notification'), notification: DesktopNotificationSchema });
export const ShellNotificationCloseFrameSchema = z.object({ type: z.literal('notification.close'), tag: z.string().min(1).max(100) });
/** Page to shell: the user clicked the notification with this tag. */
export const ShellNotificationClickFrameSchema = z.object({ type: z.literal('notification.clicked'), tag: z.string().min(1).max(100) });

export const ShellServerFrameSchema = z.discriminatedUnion('type', [
  ShellReplyFrameSchema,
  ShellEventFrameSchema,
  ShellNotificationFrameSchema,
  ShellNotificationCloseFrameSchema,
]);
export const ShellClientFrameSchema = z.discriminatedUnion('type', [ShellInvokeFrameSchema, ShellNotificationClickFrameSchema]);

/** Paths the shell serves; the token rides in the query string of the socket URL. */
export const SHELL_PATHS = {
  bridgeSocket: '/_magpie/bridge',
  cacheSocket: '/_magpie/cache',
  bridgeScript: '/_magpie/shell-bridge.js',
  cacheHostPage: '/cache-host/',
} as const;
