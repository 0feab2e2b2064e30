import { ipcMain, type IpcMainInvokeEvent, type WebContents, type WebFrameMain } from 'electron';
import { toErrorShape } from '../../shared/errors';
import {
  EVENT_CHANNELS,
  EVENT_CHANNEL_NAMES,
  INVOKE_CHANNEL_NAMES,
  ipcEventName,
  ipcInvokeName,
  type EventChannel,
  type EventPayload,
  type InvokeEnvelope,
} from '../../shared/ipc';
import type { MagpieCoreApi } from '../core/host';
import { isAppUrl } from './app-origin';

/**
 * The typed wrapper around Electron's raw `ipcMain`: the one file that touches it. Only the
 * channels of shared/ipc exist; there is no `ipcMain.on` at all, so a page can send nothing else.
 */

export type SenderCheck = (frame: WebFrameMain | null) => boolean;

/**
 * A request counts only if the frame that sent it is, right now, a page of our own origin. A frame
 * may be null after it navigated away or was destroyed (Electron advisory GHSA-mq8j-3h7h-p8g7).
 */
export const isAppFrame: SenderCheck = (frame) => frame !== null && isAppUrl(frame.url);

const forbidden: InvokeEnvelope = {
  ok: false,
  error: { code: 'ipc.forbidden_sender', message: 'This page may not use the Magpie bridge' },
};

/** Registers one handler per invoke channel; returns the function that removes them again. */
export function registerInvokeHandlers(core: Pick<MagpieCoreApi, 'invoke'>, isTrustedSender: SenderCheck = isAppFrame): () => void {
  for (const channel of INVOKE_CHANNEL_NAMES) {
    ipcMain.handle(ipcInvokeName(channel), async (event: IpcMainInvokeEvent, request: unknown): Promise<InvokeEnvelope> => {
      if (!isTrustedSender(event.senderFrame)) return forbidden;
      try {
        // The core validates `request` with the channel's schema and answers with an envelope.
        return await core.invoke(channel, request);
      } catch (error) {
        // The core promises never to throw; if it does, the page still gets a value, not a stack.
        console.error(`[ipc] ${channel} threw`, error);
        return { ok: false, error: toErrorShape(error) };
      }
    });
  }
  return () => {
    for (const channel of INVOKE_CHANNEL_NAMES) ipcMain.removeHandler(ipcInvokeName(channel));
  };
}

/** Sends one event to one page, after checking the payload against its schema. */
export function sendEvent<E extends EventChannel>(contents: WebContents, event: E, payload: EventPayload<E>): boolean {
  const parsed = EVENT_CHANNELS[event].safeParse(payload);
  if (!parsed.success) {
    console.error(`[ipc] dropped an invalid ${event} event`, parsed.error.issues[0]);
    return false;
  }
  // Only pages of our own origin hear events (a window that somehow left it must not).
  if (contents.isDestroyed() || !isAppUrl(contents.getURL())) return false;
  contents.send(ipcEventName(event), parsed.data);
  return true;
}

/** Forwards every core event to every UI page `targets()` names at the time of the event. */
export function forwardCoreEvents(core: Pick<MagpieCoreApi, 'on'>, targets: () => WebContents[]): () => void {
  const unsubscribes = EVENT_CHANNEL_NAMES.map((event) =>
    core.on(event, (payload) => {
      for (const contents of targets()) sendEvent(contents, event, payload);
    }),
  );
  return () => {
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}
