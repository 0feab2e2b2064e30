import type { MessagePortMain } from 'electron';
import type { MessageTransport } from '../core/host';

/**
 * Main's end of the cache-host channel as the core's MessageTransport. Messages are structured
 * clones, so the core's plain JSON values pass as they are.
 */
export function createPortTransport(port: MessagePortMain): MessageTransport {
  const messageListeners = new Set<(message: unknown) => void>();
  const closeListeners = new Set<() => void>();
  let closed = false;

  const fireClose = () => {
    if (closed) return;
    closed = true;
    for (const listener of [...closeListeners]) listener();
    closeListeners.clear();
    messageListeners.clear();
  };

  port.on('message', (event) => {
    if (closed) return;
    for (const listener of [...messageListeners]) listener(event.data);
  });
  // Fires when the other end goes away: the page reloaded, crashed or its window closed.
  port.on('close', fireClose);
  // Messages queue on a MessagePortMain until it is started.
  port.start();

  return {
    send(message) {
      if (!closed) port.postMessage(message);
    },
    onMessage(listener) {
      messageListeners.add(listener);
      return () => messageListeners.delete(listener);
    },
    onClose(listener) {
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
    close() {
      if (closed) return;
      port.close();
      fireClose();
    },
  };
}
