// Names only: the preload routes by name and main validates, so zod stays out of the preload.
import { EVENT_CHANNEL_NAMES, INVOKE_CHANNEL_NAMES, type EventChannel, type InvokeChannel } from '../shared/ipc/channels';
import type { InvokeEnvelope, MagpieBridge } from '../shared/ipc/contract';

/**
 * `window.magpie` in Electron: exactly the MagpieBridge of shared/ipc and nothing more. Channel
 * names are checked here too, although main checks again, so a typo fails loudly in the page
 * instead of reaching main as an unknown IPC message.
 */

export interface MainChannels {
  invoke(channel: InvokeChannel, request: unknown): Promise<InvokeEnvelope>;
  on(event: EventChannel, listener: (payload: unknown) => void): () => void;
}

const invokeNames: ReadonlySet<string> = new Set(INVOKE_CHANNEL_NAMES);
const eventNames: ReadonlySet<string> = new Set(EVENT_CHANNEL_NAMES);

export function createBridge(main: MainChannels): MagpieBridge {
  return {
    shell: 'electron',
    invoke(channel, request) {
      if (typeof channel !== 'string' || !invokeNames.has(channel)) {
        return Promise.resolve({
          ok: false,
          error: { code: 'ipc.unknown_channel', message: `There is no bridge channel named ${String(channel)}` },
        });
      }
      return main.invoke(channel, request);
    },
    on(event, listener) {
      if (typeof event !== 'string' || !eventNames.has(event)) {
        throw new TypeError(`ipc.unknown_channel: there is no bridge event named ${String(event)}`);
      }
      if (typeof listener !== 'function') throw new TypeError('The bridge listener must be a function');
      return main.on(event, listener);
    },
  };
}
